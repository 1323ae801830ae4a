"""The shop side: the shop port (products and stock, orders, customers), the embedded SQLite shop, a read-only
view for ``plan``, and the backends table that picks one by ``shop.backend.type``."""

from plugin.shop.backends import OPENERS, open_shop
from plugin.shop.port import ShopPort
from plugin.shop.read_only import ReadOnlyShop
from plugin.shop.sqlite import SqliteShop

__all__ = ["OPENERS", "ReadOnlyShop", "ShopPort", "SqliteShop", "open_shop"]
