"""Hand-written hypothesis strategies for untrusted buyer data (hypothesis-jsonschema is not used)."""

from __future__ import annotations

from hypothesis import strategies as st

from plugin.emails.headers import ENCODED_WORD, FORBIDDEN

ATTACKS: tuple[str, ...] = (
    "<script>alert(1)</script>",
    "\"'><img src=x onerror=alert(1)>",
    "</td></tr></table><a href='javascript:alert(1)'>x</a>",
    "<!--",
    "&amp;&lt;",
    "{{ 7*7 }}{% raw %}",
    "\r\nBcc: victim@example.com",
    "\nSubject: spam",
    "\x00",
    "\u202eevil\u202c",  # right-to-left override
    "\u200fשלום",  # right-to-left mark + Hebrew
    "e\u0301\u0327\u0338",  # stacked combining characters
    "😀👨‍👩‍👧🇵🇱",
    "Zażółć gęślą jaźń",
    "=?utf-8?q?encoded?=",
    "\u2028",
    "A" * 10_240,  # a 10 kB field
)

fragments = st.one_of(st.sampled_from(ATTACKS), st.text(min_size=1, max_size=20))
#: Any untrusted value: attack fragments glued to arbitrary unicode; never empty (templates branch on emptiness).
hostile = st.lists(fragments, min_size=1, max_size=4).map("".join)
#: Untrusted values without the characters our header guard refuses (they must survive into headers intact).
header_safe = (
    hostile.map(lambda s: "".join(ch for ch in s if ch not in FORBIDDEN))
    .filter(lambda s: s.strip() != "")
    .filter(lambda s: not ENCODED_WORD.search(s))
)
#: Values that always hold a forbidden character somewhere.
header_unsafe = st.tuples(header_safe, st.sampled_from(sorted(FORBIDDEN)), header_safe).map("".join)
