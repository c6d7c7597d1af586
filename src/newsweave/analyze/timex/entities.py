"""Time expressions the rules miss, taken from the parser's DATE/TIME entities.

The named-entity tagger (trained on OntoNotes) tags DATE and TIME spans; most are ones
the rules already find, and many of the rest are not TIMEX3 in TimeML (ages, "annual",
bare numbers). So an entity only adds an expression when it can be given a value here:

- a vague reference with no rule of its own: "coming quarters", "a later date" ->
  ``FUTURE_REF``; "past years", "recent months" -> ``PAST_REF``;
- a part of the day with a lead the rules do not read ("mid-afternoon", "late evening"):
  that part of the day named next to it ("mid-afternoon yesterday") or of the anchor;
- one entity over two expressions of the rules, a year and a month/season/quarter/half
  with no year of its own: "January nineteen ninety-seven", "the winter of 1994" -> one
  expression with the named year (``1997-01``, ``1994-WI``).
"""

from __future__ import annotations

import bisect
import re
from datetime import date
from typing import Any

from newsweave.analyze.nlp import doc_text
from newsweave.model import TimeValue

from .anchor import day_of
from .lexicon import DAY_PARTS

_LABELS = ("DATE", "TIME")
_UNITS = r"(?:days|weeks|months|quarters|years|decades)"
_FUTURE = re.compile(
    rf"(?:the\s+)?(?:future|coming|upcoming)\s+{_UNITS}|an?\s+(?:later|future)\s+date", re.I
)
_PAST = re.compile(rf"(?:the\s+)?(?:past|recent|previous|prior)\s+{_UNITS}", re.I)
_PART = re.compile(
    r"(?:mid|late|early)[- ]?(?P<part>morning|afternoon|evening|night)",
    re.I,
)
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_YEAR = re.compile(r"\d{4}")
_YEARLESS = re.compile(r"\d{4}(?P<rest>-(?:\d\d|SP|SU|FA|WI|Q[1-4]|H[12]))")
_BACK = re.compile(r"\b(?:ago|earlier|prior)\b", re.I)
_SIGNAL = re.compile(r"(?i:earlier|later)\s+")
_DAY_GAP = re.compile(r"[ ,]*(?:on\s+)?")  # "mid-afternoon yesterday", "late evening, Monday"


def add_entity_spans(
    text: str, anchor: date | None, found: list[TimeValue], doc: Any
) -> list[TimeValue]:
    """``found`` (the rules' expressions in ``text``) with what the DATE/TIME entities of
    ``doc`` (a parse of the same text) add, in text order, still without overlaps."""
    if doc is None or doc_text(doc) != text:
        return found
    out = sorted(found, key=lambda tv: tv.start)
    ends = [tv.end for tv in out]  # sorted too: the expressions do not overlap
    for ent in doc.ents:
        if ent.label_ not in _LABELS:
            continue
        start = ent.start_char
        end = start + len(_POSSESSIVE.sub("", text[start : ent.end_char]))
        first = bisect.bisect_right(ends, start)  # the first expression ending after start
        hits = [tv for tv in out[first : first + 3] if tv.start < end]
        gone, new = _reading(text, start, end, anchor, hits, out)
        if new is not None:
            out = sorted([tv for tv in out if tv not in gone] + [new], key=lambda tv: tv.start)
            ends = [tv.end for tv in out]
    return out


def _reading(
    text: str,
    start: int,
    end: int,
    anchor: date | None,
    hits: list[TimeValue],
    found: list[TimeValue],
) -> tuple[list[TimeValue], TimeValue | None]:
    """What the entity ``start:end`` over the rules' expressions ``hits`` changes: the
    expressions it replaces and the one it adds (None: no change)."""
    if not hits:
        return _vague(text, start, end, anchor, found)
    if len(hits) == 1 and _signal_lead(text, start, end, hits[0]):
        tv = hits[0]
        return [tv], TimeValue(start, tv.end, text[start : tv.end], tv.type, tv.value, tv.mod)
    if len(hits) == 2 and all(start <= tv.start and tv.end <= end for tv in hits):
        return hits, _joined(text, start, end, hits)
    return [], None


def _signal_lead(text: str, start: int, end: int, tv: TimeValue) -> bool:
    """Whether the entity leaves out only a lead of ``tv`` that the parser reads as a
    signal ("Earlier Friday, ...", "later Thursday"): the expression then starts after it.
    ("within"/"over" the rules leave out themselves.)"""
    return (
        tv.start < start < tv.end
        and end == tv.end
        and bool(_SIGNAL.fullmatch(text, tv.start, start))
    )


def _vague(
    text: str, start: int, end: int, anchor: date | None, found: list[TimeValue]
) -> tuple[list[TimeValue], TimeValue | None]:
    """The entity read as a vague reference or a part of a day (with the day expression
    next to it that it joins), or None."""
    words = text[start:end]
    if _FUTURE.fullmatch(words):
        return [], TimeValue(start, end, words, "DATE", "FUTURE_REF")
    if _PAST.fullmatch(words):
        return [], TimeValue(start, end, words, "DATE", "PAST_REF")
    m = _PART.fullmatch(words)
    if m is None:
        return [], None
    code = DAY_PARTS[m["part"].lower()]
    for tv in found:
        gap = _DAY_GAP.fullmatch(text, end, tv.start) if tv.start >= end else None
        day = day_of(tv.value) if tv.type == "DATE" else None
        if gap is not None and day is not None:
            joined = text[start : tv.end]
            return [tv], TimeValue(start, tv.end, joined, "TIME", f"{tv.value}T{code}")
    day_value = anchor.isoformat() if anchor else "XXXX-XX-XX"
    return [], TimeValue(start, end, words, "TIME", f"{day_value}T{code}")


def _joined(text: str, start: int, end: int, parts: list[TimeValue]) -> TimeValue | None:
    """One expression for two the rules split: "<month/season/quarter> <year>" takes the
    named year; "the year-ago third quarter" the quarter a year back."""
    if any(tv.type != "DATE" for tv in parts):
        return None
    value: str | None = None
    years = [tv for tv in parts if _YEAR.fullmatch(tv.value)]
    rests = [m for tv in parts if (m := _YEARLESS.fullmatch(tv.value)) is not None]
    if len(years) == 1 and len(rests) == 1:
        value = years[0].value + rests[0]["rest"]
    elif len(rests) == 2 and rests[0]["rest"] == rests[1]["rest"]:
        back = [tv for tv in parts if _BACK.search(tv.text)]
        value = back[0].value if len(back) == 1 else None
    if value is None:
        return None
    return TimeValue(start, end, text[start:end], "DATE", value)
