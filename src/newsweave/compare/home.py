"""A politician's home state, in the forms US newsrooms write it.

"Speaker John A. Boehner of Ohio", "Sen. John McCain (R-Ariz.)", "Chuck Schumer, D-N.Y.,",
"Marco Rubio, Republican of Florida", "Boehner, who is from Ohio", "Maine Gov. Paul LePage".
Each gives a keyed claim ``("home", person)``; two states for one person conflict.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from newsweave.compare.claims import ArticleEvidence, ClaimRecord, make_claim
from newsweave.compare.places import RX_STATE_ABBR, RX_STATE_NAME, place_key

_STATE = rf"(?P<state>{RX_STATE_NAME}|(?:{RX_STATE_ABBR})\.)"
_PARTY = r"(?:Republican|Democrat|Democratic|Independent)"
RX_AFTER = (
    re.compile(rf"^\s*\((?:[RDI]-\s?)?{_STATE}\)"),  # (R-Ariz.) / (Calif.)
    re.compile(rf"^,\s*[RDI]-{_STATE}(?=[,.;)\s])"),  # , D-N.Y.,
    re.compile(rf"^\s+of\s+{_STATE}(?![\w-]|\s+City)"),  # of Ohio
    re.compile(rf"^,\s+(?:a\s+)?{_PARTY}\s+(?:of|from)\s+{_STATE}(?![\w-])"),
    re.compile(rf"^,\s+who\s+(?:is|was)\s+from\s+{_STATE}(?![\w-])"),
)
RX_BEFORE = re.compile(
    rf"(?<![\w.-]){_STATE}\s+(?:{_PARTY}\s+)?(?:Gov\.|Governor|Sen\.|Senator|Rep\.|"
    r"Representative|Congressman|Congresswoman|Attorney General)\s+$"
)


def home_claims(ev: ArticleEvidence, alias: Mapping[str, str]) -> list[ClaimRecord]:
    """The home states an article gives for its people."""
    text = ev.article.text
    out: list[ClaimRecord] = []
    seen: set[tuple[str, int]] = set()
    for m in ev.mentions:
        if m.label != "PERSON":
            continue
        hits: list[tuple[int, int]] = []
        tail = text[m.end : m.end + 60]
        for rx in RX_AFTER:
            hit = rx.match(tail)
            if hit:
                hits.append((m.end + hit.start("state"), m.end + hit.end("state")))
                break
        head = text[max(0, m.start - 60) : m.start]
        before = RX_BEFORE.search(head)
        if before:
            off = m.start - len(head)
            hits.append((off + before.start("state"), off + before.end("state")))
        person = alias.get(m.canonical, m.canonical)
        for s, e in hits:
            if (person, s) in seen:
                continue
            seen.add((person, s))
            state = place_key(text[s:e]).title()
            out.append(
                ClaimRecord(
                    kind="place",
                    key=("home", person),
                    subject=f"home state of {person}",
                    claim=make_claim(ev.article, s, e, state, {"place": state}),
                    keyed=True,
                    single=False,
                )
            )
    return out
