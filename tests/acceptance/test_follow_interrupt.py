"""Ctrl-C between a --follow pass's end and the pause is the documented way to stop: exit 0, never 130.
(It arrived while the pass was being recorded and ended the run as "interrupted" about 1 run in 4.)"""

from __future__ import annotations

import pytest

from plugin.cli import main, sync_cmd
from plugin.sync.demo import DemoFiles


@pytest.mark.parametrize("where", ["recording the pass", "printing the summary"])
def test_ctrl_c_right_after_a_pass_stops_follow_cleanly(shop: DemoFiles, capsys, monkeypatch, where: str) -> None:
    original_remember, original_print = sync_cmd.remember, sync_cmd._print

    def interrupted_remember(*args, **kwargs):
        if where == "recording the pass" and kwargs.get("report") is not None:
            raise KeyboardInterrupt
        return original_remember(*args, **kwargs)

    def interrupted_print(*args, **kwargs):
        original_print(*args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(sync_cmd, "remember", interrupted_remember)
    if where == "printing the summary":
        monkeypatch.setattr(sync_cmd, "_print", interrupted_print)
    code = main(["run", str(shop.manifest), "--follow", "--interval", "30"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "stopped" in err and "Traceback" not in err
