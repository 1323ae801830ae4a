"""The shop side: a backend protocol (orders, customers, stock, transactions) and the embedded SQLite shop."""

from plugin.shop.backend import ShopBackend
from plugin.shop.sqlite import SqliteShop, open_shop

__all__ = ["ShopBackend", "SqliteShop", "open_shop"]
