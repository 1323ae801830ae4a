"""The local Shoper: Shoper's REST API (``/webapi/rest``) as documented and observed live, with its leaky
bucket, bulk calls, Polish errors and string wire types, plus faults and a request log for tests.

``start_shoper_simulator(...)`` runs it in-process; ``allegro-sync shoper-simulator`` runs it standalone."""

from plugin.shoper_simulator.server import RunningShoper, start_shoper_simulator

__all__ = ["RunningShoper", "start_shoper_simulator"]
