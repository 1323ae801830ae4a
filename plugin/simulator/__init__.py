"""A faithful local Allegro: the REST endpoints allegro-sync uses, OAuth, Polish test data and faults.

``start_simulator(...)`` runs it in-process (tests, the demo); ``allegro-sync simulator`` runs it standalone.
"""

from plugin.simulator.server import RunningSimulator, start_simulator

__all__ = ["RunningSimulator", "start_simulator"]
