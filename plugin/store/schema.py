"""The sync store's tables, and the steps that bring an older file up to date.

The store is the engine's own data: sync state (the cursor), the ledger of applied events, the quarantine,
the outbox, and the map from checkout form to shop order with the steps already done (a REST shop's recovery
points). To add a table: write its ``CREATE TABLE IF NOT EXISTS`` as a new ``Step`` at the end of ``STEPS``
with a name of its own. Steps are applied once, in order, and recorded by name in ``store_steps``, so two
people adding steps at the same time only have to keep both lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from plugin.emails.outbox import OUTBOX_SCHEMA_SQL
from plugin.store.offer_links import OFFER_LINKS_SQL

ENGINE_TABLES_SQL = """
CREATE TABLE IF NOT EXISTS sync_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    state_json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sync_ledger (
    checkout_form_id TEXT NOT NULL,
    revision         TEXT NOT NULL,
    kind             TEXT NOT NULL,        -- the event type, or BACKFILL / ARCHIVAL / CATCHUP; marks:
                                           -- DROPPED (revision '-': given up by `quarantine --drop`),
                                           -- REPLACED (revision = the form a combined payment made)
    applied_at       TEXT NOT NULL,
    PRIMARY KEY (checkout_form_id, revision, kind)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sync_quarantine (
    checkout_form_id TEXT PRIMARY KEY,
    kind             TEXT NOT NULL,
    reason           TEXT NOT NULL,
    attempts         INTEGER NOT NULL,
    first_failed_at  TEXT NOT NULL,
    last_failed_at   TEXT NOT NULL
);
"""

FORM_STEPS_SQL = """
CREATE TABLE IF NOT EXISTS sync_form_steps (
    checkout_form_id TEXT NOT NULL,
    step             TEXT NOT NULL,        -- named by the shop backend: order, line:<line item id>, …
    state            TEXT NOT NULL,        -- intent (recorded before the shop write) | done (after it)
    shop_id          TEXT,                 -- what the shop answered (its order id, line id, …), once done
    detail           TEXT NOT NULL DEFAULT '',
    updated_at       TEXT NOT NULL,
    PRIMARY KEY (checkout_form_id, step)
) WITHOUT ROWID;
"""

#: What an integrator looks back at (``status``): the passes of ``run`` and every stock change made by hand.
OPERATIONS_SQL = """
CREATE TABLE IF NOT EXISTS sync_runs (
    id          INTEGER PRIMARY KEY,
    command     TEXT NOT NULL,             -- run | demo
    started_at  TEXT NOT NULL,             -- ISO-8601 UTC
    finished_at TEXT NOT NULL,
    result      TEXT NOT NULL,             -- ok | partial | allegro | shop | configuration | bug | interrupted
    exit_code   INTEGER NOT NULL,
    counts_json TEXT NOT NULL,             -- the pass's counts (plan/run --format json); {} when it failed
    message     TEXT                       -- what went wrong, when it did
);
CREATE INDEX IF NOT EXISTS sync_runs_finished ON sync_runs(finished_at);
CREATE TABLE IF NOT EXISTS stock_corrections (
    id           INTEGER PRIMARY KEY,
    product_code TEXT NOT NULL,
    stock_before INTEGER,                  -- NULL: the product was new
    stock_after  INTEGER NOT NULL,
    delta        INTEGER NOT NULL,         -- stock_after - stock_before (or stock_after for a new product)
    reason       TEXT NOT NULL,
    source       TEXT NOT NULL,            -- shop stock | shop init
    created_at   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS stock_corrections_product ON stock_corrections(product_code);
"""


@dataclass(frozen=True)
class Step:
    name: str
    sql: str
    #: (table, column, declaration): columns a copy of one of its tables made before the step existed may lack
    adds: tuple[tuple[str, str, str], ...] = ()


QUARANTINE_FORM_TIME_SQL = """
CREATE TABLE IF NOT EXISTS sync_quarantine_forms (
    checkout_form_id TEXT PRIMARY KEY,      -- a set-aside order (sync_quarantine)
    updated_at       TEXT NOT NULL          -- its form's updatedAt: retries are read together from that window
);
"""


#: What the Shoper backend remembers about the orders it built (``plugin.shop.shoper.order_index``): Shoper keeps
#: no Allegro status, no purchase → order map, no stock moves of ours, no buyer → user map.
SHOPER_ORDERS_SQL = """
CREATE TABLE IF NOT EXISTS shoper_orders (
    checkout_form_id TEXT PRIMARY KEY,
    order_id INTEGER NOT NULL,
    status TEXT NOT NULL,
    allegro_status TEXT,
    archival INTEGER NOT NULL DEFAULT 0,
    flags TEXT NOT NULL DEFAULT '',
    customer_id TEXT,
    created_at TEXT NOT NULL,
    handed INTEGER NOT NULL DEFAULT 0  -- 1 once insert_order gave it to the engine (commits with the form)
);
CREATE INDEX IF NOT EXISTS shoper_orders_by_id ON shoper_orders (order_id);
CREATE TABLE IF NOT EXISTS shoper_lines (
    line_item_id TEXT PRIMARY KEY,
    order_id INTEGER NOT NULL,
    product_code TEXT,
    quantity INTEGER NOT NULL,
    linked INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS shoper_lines_by_order ON shoper_lines (order_id);
CREATE TABLE IF NOT EXISTS shoper_stock_moves (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL,
    product_code TEXT NOT NULL,
    delta INTEGER NOT NULL,
    reason TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS shoper_stock_moves_by_order ON shoper_stock_moves (order_id);
CREATE TABLE IF NOT EXISTS shoper_buyers (
    buyer_id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL,  -- 0: being created under ``email`` (a crash may leave it so)
    registered INTEGER NOT NULL DEFAULT 0,
    email TEXT
);
"""


SHOPER_DELIVERY_SQL = """
CREATE TABLE IF NOT EXISTS shoper_delivery (
    order_id INTEGER PRIMARY KEY,       -- a Shoper order allegro-sync built
    sent     TEXT NOT NULL              -- JSON: the delivery_address and pickup_point Shoper was last given
);
"""


#: Every step a store file goes through, oldest first. The first is what shop.db files before the split hold.
STEPS: tuple[Step, ...] = (
    Step("engine-tables", ENGINE_TABLES_SQL + OUTBOX_SCHEMA_SQL),
    Step("form-steps", FORM_STEPS_SQL),
    Step("operations", OPERATIONS_SQL),
    Step("stock-push", OFFER_LINKS_SQL),
    Step("quarantine-form-time", QUARANTINE_FORM_TIME_SQL),
    # made directly by the Shoper backend before it was a step; its first version knew no unhanded order, no
    # user in the making (``email``) and no user that was not the buyer's customer
    Step(
        "shoper-orders",
        SHOPER_ORDERS_SQL,
        adds=(
            ("shoper_orders", "handed", "INTEGER NOT NULL DEFAULT 1"),
            ("shoper_buyers", "registered", "INTEGER NOT NULL DEFAULT 1"),
            ("shoper_buyers", "email", "TEXT"),
        ),
    ),
    Step("shoper-delivery", SHOPER_DELIVERY_SQL),
)

STEPS_TABLE_SQL = """
CREATE TABLE IF NOT EXISTS store_steps (
    name       TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
);
"""


def store_schema_sql() -> str:
    """The whole schema of a new store (for checks that compare a file's columns with ours)."""
    return STEPS_TABLE_SQL + "".join(step.sql for step in STEPS)
