"""Find time expressions: run every rule, keep the longest non-overlapping readings, then
normalise them in document order (so "the day before" can count from the last day named)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date

from newsweave.model import TimeValue

from .anchor import day_of
from .context import Context, Result
from .durations import HANDLERS as DURATION_HANDLERS
from .explicit import HANDLERS as EXPLICIT_HANDLERS
from .explicit import Handler
from .gates import scan, starts
from .patterns import RULE_ORDER, RULES, Rule
from .relative import HANDLERS as RELATIVE_HANDLERS

HANDLERS: dict[str, Handler] = {**EXPLICIT_HANDLERS, **RELATIVE_HANDLERS, **DURATION_HANDLERS}
_missing = {rule.name for rule in RULES} - HANDLERS.keys()
assert not _missing, f"rules without a handler: {_missing}"

# Cheap gate: a text with none of these cannot hold a time expression.
_TRIGGER = re.compile(
    r"\d|(?i:day|night|week|month|year|quarter|decade|centur|hour|minute|second|now|current|"
    r"recent|lately|past|future|present|morning|noon|evening|spring|summer|fall|autumn|"
    r"winter|annual|daily|hourly|tomorrow|tonight|half|christmas|easter|thanksgiving|"
    r"halloween|millenni|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|"
    r"sat|sun|fortnight|o'clock|mid|ago|midnight|these days|time being)"
)


# Leads that TimeML counts as signals: "within a week", "over three years" -> "a week", ...
_SIGNAL_LEAD = re.compile(r"(?i:within|over)\s+")
_YEAR_VALUE = re.compile(r"^\d{4}(?:$|-)")
_QUARTER_VALUE = re.compile(r"^\d{4}-Q[1-4]$")


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    rule: Rule
    match: re.Match[str]


def _candidates(text: str, anchor: date | None) -> list[tuple[Candidate, Result]]:
    found: list[tuple[Candidate, Result]] = []
    probe = Context(text, anchor)
    at = starts(text)  # where each gated rule can match: far fewer tries than every offset
    for i, rule in enumerate(RULES):
        handler = HANDLERS[rule.name]
        for m in scan(rule.regex, text, at.get(i)):
            if m.end() <= m.start():
                continue
            probe.start, probe.end = m.start(), m.end()
            try:
                res = handler(m, probe)
            except (ValueError, OverflowError):
                continue  # a value off the calendar ("130,000 years ago"): not a date we can give
            if res is None:
                continue
            start = m.start() if res.start is None else res.start
            end = m.end() if res.end is None else res.end
            lead = _SIGNAL_LEAD.match(text, start, end)
            if lead is not None and lead.end() < end:
                start = lead.end()  # TimeML: "within"/"over" are signals, not the expression
            found.append((Candidate(start, end, rule, m), res))
    return found


def _select(found: list[tuple[Candidate, Result]]) -> list[Candidate]:
    """The longest candidates that do not overlap (ties: the earlier rule), in text order."""
    ranked = sorted(
        (c for c, _ in found),
        key=lambda c: (-(c.end - c.start), RULE_ORDER[c.rule.name], c.start),
    )
    taken: list[Candidate] = []
    starts: list[int] = []  # the taken spans, kept sorted; they never overlap
    ends: list[int] = []
    for c in ranked:
        i = bisect.bisect_left(starts, c.end)  # spans starting before ``c`` ends
        if i and ends[i - 1] > c.start:
            continue
        starts.insert(i, c.start)
        ends.insert(i, c.end)
        taken.append(c)
    return sorted(taken, key=lambda c: c.start)


def _value(res: Result, cand: Candidate, text: str) -> TimeValue:
    return TimeValue(
        start=cand.start,
        end=cand.end,
        text=text[cand.start : cand.end],
        type=res.type,
        value=res.value,
        mod=res.mod,
    )


def annotate(text: str, anchor: date | None) -> list[TimeValue]:
    """All time expressions in ``text``, normalised against ``anchor`` (see package docs)."""
    if not text or not _TRIGGER.search(text):
        return []
    chosen = _select(_candidates(text, anchor))
    out: list[TimeValue] = []
    ctx = Context(text, anchor)
    for cand in chosen:
        ctx.start, ctx.end = cand.match.start(), cand.match.end()
        res = HANDLERS[cand.rule.name](cand.match, ctx)
        if res is None:  # pragma: no cover - handlers do not depend on ``ref`` to accept
            continue
        out.append(_value(res, cand, text))
        day = day_of(res.value)
        if day is not None and res.type in ("DATE", "TIME"):
            ctx.ref, ctx.ref_at = day, cand.start
        if res.type == "DATE" and _YEAR_VALUE.match(res.value):
            ctx.ref_year = int(res.value[:4])
            if _QUARTER_VALUE.match(res.value):
                ctx.quarter, ctx.quarter_at = res.value, cand.start
    return out


def renormalize(values: list[TimeValue], anchor: date, text: str | None = None) -> list[TimeValue]:
    """``values`` re-read against ``anchor``: underspecified DATE/TIME values get resolved.

    Each expression is matched again by the rules (in ``text`` at its offsets when given,
    so the tense of its sentence is used; else on its own text, read as past tense).
    Resolved values feed "the day before"-style expressions after them, as in
    :func:`annotate`.
    """
    out: list[TimeValue] = []
    ctx = Context(text or "", anchor)
    for tv in values:
        new = tv
        if tv.type in ("DATE", "TIME") and tv.value.startswith("X"):
            res = _reread(tv, ctx, text)
            if res is not None:
                new = TimeValue(tv.start, tv.end, tv.text, res.type, res.value, res.mod)
        out.append(new)
        day = day_of(new.value)
        if day is not None and new.type in ("DATE", "TIME"):
            ctx.ref, ctx.ref_at = day, tv.start
    return out


def _reread(tv: TimeValue, ctx: Context, text: str | None) -> Result | None:
    if text is not None and text[tv.start : tv.end] == tv.text:
        source, lo, hi = text, tv.start, tv.end
    else:
        source, lo, hi = tv.text, 0, len(tv.text)
    ctx.text = source
    for rule in RULES:
        m = rule.regex.fullmatch(source, lo, hi)
        if m is None:
            continue
        ctx.start, ctx.end = m.start(), m.end()
        res = HANDLERS[rule.name](m, ctx)
        if res is not None and res.type == tv.type:
            return res
    return None
