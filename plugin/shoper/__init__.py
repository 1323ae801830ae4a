"""The Shoper REST client: auth, lists, wire types, errors, the leaky bucket and bulk calls."""

from plugin.shoper.bulk import MAX_BULK, BulkOp, BulkResult
from plugin.shoper.credentials import Credentials, StaticToken, WebApiUser
from plugin.shoper.rest import FAST, ShoperClient, ShoperPolicy

__all__ = [
    "FAST",
    "MAX_BULK",
    "BulkOp",
    "BulkResult",
    "Credentials",
    "ShoperClient",
    "ShoperPolicy",
    "StaticToken",
    "WebApiUser",
]
