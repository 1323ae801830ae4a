"""Whatever file a user hands a command (a broken manifest, random bytes), the answer is an exit code and
lines starting ``allegro-sync:`` or ``FILE:LINE:COL:``, never a traceback or an internal error."""

from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugin.testing.manifests import mutated_texts
from tests.acceptance.helpers import run_cli

USER_LINE = re.compile(r"^(allegro-sync: (shop )?error: |.+:\d+:\d+: (error|warning): |… and \d+ more)")
SURFACES = st.sampled_from([("shop", "init"), ("emails", "send"), ("emails", "preview")])
CONTENTS = st.one_of(
    mutated_texts().map(lambda pair: pair[1].encode("utf-8")),
    st.binary(max_size=200),
    st.text(max_size=200).map(lambda text: text.encode("utf-8", "surrogatepass")),
)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=CONTENTS, command=SURFACES)
def test_a_broken_manifest_gets_lines_a_user_can_act_on(tmp_path, capsys, content, command) -> None:
    manifest = tmp_path / "allegro-sync.yaml"
    manifest.write_bytes(content)
    code, out, err = run_cli(capsys, *command, str(manifest), "--format", "json")
    assert code in (0, 2, 4), err  # done, configuration, shop unavailable
    assert "Traceback" not in err and "internal error" not in err
    if code != 0:  # --format json: the failure is one JSON object on stdout, with its class's exit code
        assert json.loads(out)["error"]["exit_code"] == code
        lines = [line for line in err.splitlines() if line.strip()]
        assert lines and all(USER_LINE.match(line) for line in lines), lines
