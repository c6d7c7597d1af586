"""Which way a bare weekday or month points: the tense of the words around it.

News is written in the past tense, so the default is ``"past"``; a future cue (``will``,
``is expected to``, ``next``, ...) in the same clause, nearer than any past cue, flips it.
"""

from __future__ import annotations

import re

from .anchor import Direction

_FUTURE = (
    r"will|won't|wo|'ll|shall|going\s+to|gonna|expected\s+to|expects\s+to|plans?\s+to|"
    r"planning\s+to|intends?\s+to|scheduled|due\s+to|set\s+to|is\s+to|are\s+to|would|"
    r"upcoming|forthcoming|next|coming|hopes?\s+to|aims?\s+to|to\s+be\s+held|"
    r"could|may|might|until|by"
)
_PAST = (
    r"said|says|was|were|had|did|has\s+been|have\s+been|ago|earlier|last|since|"
    r"announced|reported|told|began|ended|came|went|met|held|took|made|rose|fell|"
    r"[a-z]{3,}ed"
)
_CUE = re.compile(rf"\b(?:(?P<future>{_FUTURE})|(?P<past>{_PAST}))\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[.;!?\n]")
_WINDOW = 90


def direction_at(text: str, start: int, end: int) -> Direction:
    """The tense of the clause around ``text[start:end]``: ``"future"`` or ``"past"``."""
    lo = max(0, start - _WINDOW)
    hi = min(len(text), end + _WINDOW)
    before = text[lo:start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    if breaks:
        lo += breaks[-1].end()
    after_break = _CLAUSE_BREAK.search(text, end, hi)
    if after_break:
        hi = after_break.start()
    best: tuple[int, Direction] | None = None
    for m in _CUE.finditer(text, lo, hi):
        if start <= m.start() < end:
            continue
        distance = start - m.end() if m.end() <= start else m.start() - end
        # A cue before the expression (the verb it modifies) counts a little more.
        if m.start() >= end:
            distance += 15
        kind: Direction = "future" if m.group("future") else "past"
        if best is None or distance < best[0]:
            best = (distance, kind)
    return "past" if best is None else best[1]
