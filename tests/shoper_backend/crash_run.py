"""``python -m tests.shoper_backend.crash_run POINT MANIFEST``: ``allegro-sync run`` that dies at one exact point.

The process ends with ``os._exit`` (as SIGKILL would: no handler runs, nothing uncommitted reaches the sync
store), so a test can put a run's death exactly where a timed kill only sometimes lands.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

from plugin.cli import main
from plugin.shop.shoper import ahead
from plugin.shop.shoper.shoper_shop import ShoperShop
from plugin.store.form_steps import FormSteps

DIED = 137


def _die(*_: Any, **__: Any) -> None:
    sys.stdout.flush()
    os._exit(DIED)


def _after_building_ahead() -> None:
    """Every order of the first batch built in Shoper (orders, lines, links), none handed to the engine."""
    prepare = ShoperShop.prepare_orders

    def prepare_then_die(self: ShoperShop, orders: list) -> None:
        prepare(self, orders)
        _die()

    ShoperShop.prepare_orders = prepare_then_die  # type: ignore[method-assign]


def _before_the_lines() -> None:
    """The first batch's orders created in Shoper, none of their lines announced."""
    ahead._lines = _die  # type: ignore[assignment]


def _before_the_lines_are_confirmed() -> None:
    """Lines and links written by Shoper, the ``lines`` step still at intent."""
    done = FormSteps.done

    def done_unless_lines(self: FormSteps, form: str, step: str, *args: Any, **kwargs: Any) -> None:
        if step == "lines":
            _die()
        done(self, form, step, *args, **kwargs)

    FormSteps.done = done_unless_lines  # type: ignore[method-assign]


def _after_the_first_order_is_handed() -> None:
    """The first form's order handed to the engine and its ``import_order`` step done (a recovery point, so
    the hand is on disk too), the form's sale not yet handled and the form not committed."""
    done = FormSteps.done

    def done_then_die_after_import(self: FormSteps, form: str, step: str, *args: Any, **kwargs: Any) -> None:
        done(self, form, step, *args, **kwargs)
        if step == "import_order":
            _die()

    FormSteps.done = done_then_die_after_import  # type: ignore[method-assign]


POINTS: dict[str, Callable[[], None]] = {
    "built-ahead": _after_building_ahead,
    "orders-without-lines": _before_the_lines,
    "lines-unconfirmed": _before_the_lines_are_confirmed,
    "handed-unsold": _after_the_first_order_is_handed,
}

if __name__ == "__main__":
    POINTS[sys.argv[1]]()
    sys.exit(main(["run", sys.argv[2], "--once", "--format", "json"]))
