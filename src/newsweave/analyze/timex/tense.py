"""Which way a bare weekday or month points: the tense of the words around it.

News is written in the past tense, so the default is ``"past"``. The nearest tense cue in
the same clause decides: a future cue (``will``, ``is expected``, ``plans to``, ``as early
as``, ``to <verb>``) gives ``"future"``, a past one (``said``, ``was``, ``-ed``) ``"past"``,
a present one (``is``, ``are``) ``None`` (the nearest occurrence).
"""

from __future__ import annotations

import re

from .anchor import Direction

_FUTURE = (
    r"(?:will|would|shall|could|may|might|to|'ll)\s+(?:not\s+)?(?:still\s+)?(?:also\s+)?"
    r"be\s+[a-z]+|"
    r"will|won't|wo|'ll|shall|going\s+to|gonna|expected|expects?|plans?\s+(?:to|for)|"
    r"planned\s+(?:to|for)|"
    r"planning|"
    r"intends?|intended\s+to|scheduled|slated|due|set\s+(?:to|for)|is\s+to|are\s+to|would|"
    r"upcoming|forthcoming|next(?!\s+to\b)|coming|hopes?\s+to|aims?\s+to|to\s+be\s+held|effective|"
    r"as\s+(?:soon|early)\s+as|tomorrow"
)
# An intention with an infinitive: ahead of the speaker, but when a past verb reports it
# ("he had accepted an invitation to visit Rysund in June") it may lie on either side.
_INTENT = (
    r"(?:agreed|agreement|decided|decision|voted|promised|pledged|vowed|threatened|plans?|"
    r"supposed|due|set|ready|seeks?|wants?|hopes?|invitation|invited|offered|offer)"
    r"\s+to(?=\s+[a-z])"
)
_PAST = (
    r"previously\s+planned|said|says|was|were|had|did|has\s+been|have\s+been|ago|earlier|last|since|yesterday|"
    r"announced|reported|told|began|ended|came|went|met|held|took|made|rose|fell|won|lost|"
    r"killed|died|left|gave|got|saw|spoke|wrote|sent|struck|found|"
    # "turn back the clock to November", "back in March", "dating back to May"
    r"(?<!come\s)(?<!comes\s)(?<!coming\s)(?<!be\s)(?<!get\s)back|"
    r"(?-i:(?!need\b|speed\b|indeed\b|hundred\b|proceed\b|exceed\b|succeed\b)[a-z]{3,}ed)"
)
_PRESENT = r"is|are|am"
_PAST_COMPOUND = r"(?:had\s+been|had|was|were)\s+(?:due|scheduled|expected|set|slated|planned)"
_CUE = re.compile(
    rf"\b(?:(?P<past>{_PAST_COMPOUND})|(?P<intent>{_INTENT})|(?P<future>{_FUTURE})|"
    rf"(?P<past2>{_PAST})|"
    rf"(?P<present>{_PRESENT}))\b",
    re.IGNORECASE,
)
# A full stop ends a sentence unless it ends an initial or a title ("Daniel P. Davison",
# "Mr. Schwarz", "U.S. troops", "Feb. 1") or sits inside a number ("3.5").
_FULL_STOP = (
    r"(?<![A-Z])(?<!\b(?:Mr|Ms|Dr|St|Co|Jr|Sr|No|Lt|vs))"
    r"(?<!\b(?:Mrs|Gen|Sen|Rep|Gov|Col|Sgt|Inc|Ltd|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec))"
    r"(?<!\b(?:Corp|Sept|Gens|Reps|Sens))\.(?!\d|,|\s+[a-z])"
)
_CLAUSE_BREAK = re.compile(rf"{_FULL_STOP}|[;!?\n]|,\s*(?:but|while|and|although|though)\b")
_WINDOW = 90
# "a still unspecified date", "the proposed merger": a participle used as an adjective.
_DETERMINER_BEFORE = re.compile(
    r"(?i:\b(?:a|an|the|its|their|his|her|our|this|these|those|still|newly)\s+)$"
)
# "by May", "until Tuesday": a limit usually lies ahead, unless a past verb is closer.
_LIMIT_BEFORE = re.compile(r"(?i:\b(?:by|until|till|through)\s+(?:(?:early|late|mid)[\s-]+)?)$")
_LIMIT_DISTANCE = 25


def direction_at(text: str, start: int, end: int) -> Direction | None:
    """The tense of the clause around ``text[start:end]``: "future", "past" or None."""
    lo = max(0, start - _WINDOW)
    hi = min(len(text), end + _WINDOW)
    breaks = list(_CLAUSE_BREAK.finditer(text, lo, start))
    if breaks:
        lo = breaks[-1].end()
    after_break = _CLAUSE_BREAK.search(text, end, hi)
    if after_break:
        hi = after_break.start()
    best: tuple[int, Direction | None] | None = None
    limit = _LIMIT_BEFORE.search(text, max(0, start - 16), start)
    if limit:
        # "postponed until Tuesday": the limit outweighs the verb; "Until Tuesday, they
        # had not..." (a clause of its own) only leans ahead.
        opens_clause = limit.start() == lo or not text[lo : limit.start()].strip()
        if opens_clause:
            best = (_LIMIT_DISTANCE * 2, "future")
        elif limit[0].lower().startswith(("until", "till")):
            best = (0, "future")
        else:
            best = (_LIMIT_DISTANCE, "future")
    reported = False  # a past verb seen so far in the clause
    for m in _CUE.finditer(text, lo, hi):
        if start <= m.start() < end:
            continue
        if (
            m["past2"]
            and m[0].endswith("ed")
            and _DETERMINER_BEFORE.search(text, max(0, m.start() - 12), m.start())
        ):
            continue
        distance = start - m.end() if m.end() <= start else m.start() - end
        # A cue before the expression (the verb it modifies) counts more.
        if m.start() >= end:
            distance = distance * 2 + 15
        kind: Direction | None
        if m["intent"]:
            # A reported intention lies on either side of the date of the report.
            kind = None if reported and m.end() <= start else "future"
        elif m["future"]:
            kind = "future"
        elif m["past"] or m["past2"]:
            kind = "past"
            reported = True
        else:
            kind = None
        if best is None or distance < best[0]:
            best = (distance, kind)
    return "past" if best is None else best[1]
