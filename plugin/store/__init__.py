"""The sync store: the engine's own data (cursor and state, ledger, quarantine, outbox, form → order steps).

``open_store(manifest)`` for writing, ``copy_store(manifest)`` for ``plan``; ``SyncStore`` is the API;
``schema.STEPS`` lists its tables (add one there); ``location`` says where the file is.
"""

from plugin.store.open_store import copy_store, open_store
from plugin.store.sync_store import DROPPED, REPLACED, QuarantineEntry, SyncStore

__all__ = ["DROPPED", "REPLACED", "QuarantineEntry", "SyncStore", "copy_store", "open_store"]
