"""The built-in handlers. Importing this package registers them in ``plugin.rules.registry``."""

from plugin.sync.handlers import customers, emails, orders, stock

__all__ = ["customers", "emails", "orders", "stock"]
