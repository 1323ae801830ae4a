"""The embedded shop's schema: a documented contract other tools may read (see README, "The shop database").

Money is decimal text (``"129.99"``), times are ISO-8601 UTC text. Orders imported from Allegro carry
``source = 'allegro'``; ``order_items.line_item_id`` is unique, so one Allegro purchase can never be in two
orders (this is how combined payments are recognised). The same file holds the sync store's tables
(``sync_*``, ``outbox``, ``store_steps``: see ``plugin.store.schema``), which belong to the engine.
"""

from __future__ import annotations

import sqlite3

from plugin.shop.stock_journal import STOCK_JOURNAL_SQL
from plugin.store.schema import store_schema_sql

#: Columns added to the shop's tables after their first release: ``add_new_columns`` brings an existing shop.db
#: up to date when it is opened (``ALTER TABLE … ADD COLUMN``; existing rows read NULL: not recorded then).
ADDED_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("orders", "allegro_payment_type", "TEXT"),
    ("orders", "allegro_delivery_method_id", "TEXT"),
    ("orders", "billing_street", "TEXT"),
    ("orders", "billing_city", "TEXT"),
    ("orders", "billing_postal_code", "TEXT"),
    ("orders", "billing_country_code", "TEXT"),
)


def add_new_columns(conn: sqlite3.Connection) -> list[str]:
    """Add the ``ADDED_COLUMNS`` an existing shop lacks (only to tables of ours that exist); their names."""
    added = []
    for table, column, kind in ADDED_COLUMNS:
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if have and column not in have:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
            added.append(f"{table}.{column}")
    return added


SHOP_SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS products (
    code  TEXT PRIMARY KEY,
    name  TEXT NOT NULL,
    stock INTEGER NOT NULL DEFAULT 0,
    price TEXT NOT NULL DEFAULT '0.00'
);
CREATE TABLE IF NOT EXISTS customers (
    id               INTEGER PRIMARY KEY,
    email            TEXT NOT NULL,
    allegro_buyer_id TEXT UNIQUE,
    login            TEXT,
    first_name       TEXT,
    last_name        TEXT,
    company          TEXT,
    phone            TEXT,
    source           TEXT NOT NULL DEFAULT 'allegro',
    created_at       TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS orders (
    id                       INTEGER PRIMARY KEY,
    allegro_checkout_form_id TEXT UNIQUE,
    revision                 TEXT,
    status                   TEXT NOT NULL,
    allegro_status           TEXT,
    source                   TEXT NOT NULL DEFAULT 'shop',
    archival                 INTEGER NOT NULL DEFAULT 0,
    flags                    TEXT NOT NULL DEFAULT '',     -- space separated: unmapped, combined
    customer_id              INTEGER REFERENCES customers(id),
    buyer_id                 TEXT,
    buyer_login              TEXT,
    buyer_email              TEXT,
    buyer_first_name         TEXT,
    buyer_last_name          TEXT,
    buyer_company            TEXT,
    buyer_phone              TEXT,
    tax_id                   TEXT,
    delivery_first_name      TEXT,
    delivery_last_name       TEXT,
    delivery_company         TEXT,
    delivery_street          TEXT,
    delivery_city            TEXT,
    delivery_postal_code     TEXT,
    delivery_country_code    TEXT,
    delivery_phone           TEXT,
    pickup_point_id          TEXT,
    pickup_point_name        TEXT,
    pickup_point_address     TEXT,
    shipping_method          TEXT NOT NULL,
    delivery_method          TEXT,                         -- Allegro's delivery method name, as received
    payment_method           TEXT NOT NULL,                -- the shop's name (mapping.payment)
    message_to_seller        TEXT,
    currency                 TEXT NOT NULL DEFAULT 'PLN',
    items_total              TEXT NOT NULL,
    delivery_cost            TEXT NOT NULL,
    total                    TEXT NOT NULL,
    bought_at                TEXT,
    created_at               TEXT NOT NULL,
    updated_at               TEXT NOT NULL,
    allegro_payment_type     TEXT,          -- as received: CASH_ON_DELIVERY (collect cash), ONLINE, WIRE_TRANSFER…
    allegro_delivery_method_id TEXT,        -- as received: Allegro's delivery method id
    billing_street           TEXT,          -- where the invoice goes: the buyer's invoice address, else their own
    billing_city             TEXT,
    billing_postal_code      TEXT,
    billing_country_code     TEXT
);
CREATE TABLE IF NOT EXISTS order_items (
    id           INTEGER PRIMARY KEY,
    order_id     INTEGER NOT NULL REFERENCES orders(id),
    line_item_id TEXT UNIQUE,
    product_code TEXT,
    offer_id     TEXT,
    name         TEXT NOT NULL,
    quantity     INTEGER NOT NULL,
    unit_price   TEXT NOT NULL,
    unmapped     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS order_items_order ON order_items(order_id);
CREATE TABLE IF NOT EXISTS stock_moves (
    id           INTEGER PRIMARY KEY,
    order_id     INTEGER NOT NULL REFERENCES orders(id),
    product_code TEXT NOT NULL,
    delta        INTEGER NOT NULL,          -- what was applied (clamped moves record the clamped amount)
    reason       TEXT NOT NULL,             -- sale | restore
    created_at   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS stock_moves_order ON stock_moves(order_id);
"""

SHOP_SCHEMA_SQL += STOCK_JOURNAL_SQL  # every change of products.stock is journaled, whoever makes it

#: Everything in the embedded shop's file: the shop's tables and, beside them, the sync store's.
SCHEMA_SQL = SHOP_SCHEMA_SQL + store_schema_sql()
