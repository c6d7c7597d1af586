"""Numbers with units in plain text: durations, counts, money, percentages.

Every quantity keeps its exact evidence (``text[start:end]``), a value normalised to one unit
per family (seconds for durations, the currency unit for money, ``%`` for percentages, the
counted noun for counts) and the approximation marker in front of it ("about", "more than",
"several"...). ``low``/``high`` give the range the wording allows: equal to ``value`` for an
exact amount, wider under a marker, ``None`` for an open side ("more than 200" has no high).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsweave.analyze.numbers import SMALL, TENS
from newsweave.model import Quantity


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


UNIT_SECONDS: dict[str, float] = {
    "second": 1.0,
    "minute": 60.0,
    "hour": 3600.0,
    "day": 86400.0,
    "week": 7 * 86400.0,
    "fortnight": 14 * 86400.0,
    "month": 30 * 86400.0,
    "year": 365 * 86400.0,
    "decade": 3650 * 86400.0,
}

SCALES: dict[str, float] = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "m": 1e6,
    "bn": 1e9,
}

# Vague amounts: the range they allow (value = midpoint).
VAGUE: dict[str, tuple[float, float]] = {
    "several": (3, 9),
    "a few": (2, 5),
    "a couple of": (2, 3),
    "dozens of": (24, 144),
    "dozens": (24, 144),
    "scores of": (40, 200),
    "hundreds of": (200, 999),
    "thousands of": (2000, 9999),
    "millions of": (2e6, 9.99e8),
}

# Markers before a number -> how they bend its range.
APPROX: dict[str, str] = {
    "about": "approx", "around": "approx", "roughly": "approx", "some": "approx",
    "approximately": "approx", "an estimated": "approx", "estimated": "approx",
    "close to": "approx", "nearly": "below", "almost": "below", "just under": "below",
    "more than": "min", "over": "min", "at least": "min", "upwards of": "min",
    "just over": "min", "in excess of": "min",
    "up to": "max", "fewer than": "max", "less than": "max", "under": "max",
    "no more than": "max", "at most": "max", "as many as": "max", "as much as": "max",
}  # fmt: skip
APPROX_REL = 0.2  # "about 50" allows 40..60

CURRENCY_SYMBOL = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY"}
CURRENCY_WORD = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP",
    "pounds": "GBP", "yuan": "CNY", "renminbi": "CNY", "yen": "JPY",
}  # fmt: skip

MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|"
    "june|july|august|september|october|november|december"
)
# Words that end the noun phrase after a count ("19 people [who]").
STOP = _words(
    """a an the and or but of in on at to for from with by as than that which who whom whose
    were was is are be been being have has had will would could should may might can do did
    does not no this these those its their his her our your my more most less after before
    since until while when where if said says say per each out up into about over under
    against between during through ago old last next yesterday today tonight earlier later"""
)

_WORDNUM = "|".join(sorted([*SMALL, *TENS], key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CARD = rf"(?:{_DIGITS}|(?:{_WORDNUM})(?:[- ](?:{_WORDNUM}))?|a|an|one)"
_FRAC = r"(?:\s+1/2|\s*½|\s+and\s+a\s+half|-and-a-half)"
_SCALE = r"(?:\s*(?:hundred|thousand|million|billion|trillion|bn|m)\b)"
_NUMWORD = rf"(?:{_WORDNUM})(?:-(?:{_WORDNUM}))?"
NUM = rf"(?:(?:{_DIGITS}|{_NUMWORD})(?:{_FRAC})?(?:{_SCALE})?|a\s+dozen|dozen)"
_UNIT = r"(second|minute|hour|day|week|fortnight|month|year|decade)s?"
_VAGUE = (
    r"several|a\s+few|a\s+couple\s+of|dozens\s+of|dozens|scores\s+of|hundreds\s+of"
    r"|thousands\s+of"
)
_MARK = "|".join(
    sorted((re.escape(m).replace(r"\ ", r"\s+") for m in APPROX), key=len, reverse=True)
)

RX_DURATION_HALF = re.compile(
    r"\b(?:(?:a\s+)?half[- ]an?[- ]hour|half[- ]hour|a\s+half[- ]hour"
    r"|an\s+hour\s+and\s+a\s+half)\b",
    re.I,
)
RX_DURATION_ONE = re.compile(
    r"\b(?:for|lasted|lasting|took|spent)\s+(?:(?P<mark>about|around|roughly|nearly|almost"
    r"|more\s+than|less\s+than|just\s+over|just\s+under)\s+)?(?P<one>an?|one)\s+"
    r"(?P<unit>minute|hour|day|week|month|year|decade)\b"
    r"(?!\s+(?:ago|later|earlier|before|after)\b)",
    re.I,
)
RX_DURATION = re.compile(
    rf"(?:\b(?P<mark>{_MARK})\s+)?(?P<num>\b{NUM}\b|\b(?:{_VAGUE})\b)"
    rf"(?:\s+|-)(?:more\s+)?(?P<unit>\b{_UNIT})\b(?P<old>[- ]old\b|\s+ago\b)?",
    re.I,
)
RX_MONEY = re.compile(
    rf"(?:\b(?P<mark>{_MARK})\s+)?(?P<sym>[$€£¥])\s?(?P<num>{_DIGITS}(?:{_SCALE})?)"
    rf"|(?:\b(?P<mark2>{_MARK})\s+)?(?P<num2>\b{NUM})\s+(?P<cur>dollars?|euros?|pounds|yuan|renminbi|yen)\b",
    re.I,
)
RX_PERCENT = re.compile(
    rf"(?:\b(?P<mark>{_MARK})\s+)?(?P<num>\b{NUM})(?:\s*%|\s+per\s?cent\b|-percent\b|\s+percentage\s+points?\b)",
    re.I,
)
RX_COUNT = re.compile(
    rf"(?:\b(?P<mark>{_MARK})\s+)?(?P<num>\b{NUM}\b|\b(?:{_VAGUE})\b)"
    r"(?P<noun>(?:\s+[a-z][a-z'-]*){1,4})?",
    re.I,
)
RX_SKIP_BEFORE = re.compile(rf"(?:\b(?:{MONTHS})\.?|\bNo\.|#|\bpage|\bRoute|\bAge)\s*$", re.I)
RX_SKIP_AFTER = re.compile(r"^(?:st|nd|rd|th|:\d|\s*[ap]\.?m\b|\s*-year-old|\s*years?\s+old)", re.I)
RX_DECADE = re.compile(r"^\d{4}s$")


@dataclass(frozen=True)
class _Num:
    value: float
    low: float | None
    high: float | None
    vague: str | None


def parse_number(text: str) -> _Num | None:
    """The value of a number phrase ("7 1/2", "thirty-five", "$1.5 million" core, "several")."""
    t = re.sub(r"\s+", " ", text.strip().lower())
    if t in VAGUE:
        lo, hi = VAGUE[t]
        return _Num((lo + hi) / 2, lo, hi, t)
    if t in ("a dozen", "dozen"):
        return _Num(12.0, 12.0, 12.0, None)
    if t in ("a", "an", "one"):
        return _Num(1.0, 1.0, 1.0, None)
    scale = 1.0
    m = re.search(r"\s*\b(hundred|thousand|million|billion|trillion|bn|m)$", t)
    if m:
        scale = SCALES[m.group(1)]
        t = t[: m.start()].strip()
    half = 0.0
    m = re.search(r"(?:\s+1/2|\s*½|\s+and a half|-and-a-half)$", t)
    if m:
        half = 0.5
        t = t[: m.start()].strip()
    if re.fullmatch(_DIGITS, t):
        base = float(t.replace(",", ""))
    else:
        parts = re.split(r"[- ]", t)
        total = 0
        for p in parts:
            if p in SMALL:
                total += SMALL[p]
            elif p in TENS:
                total += TENS[p]
            else:
                return None
        base = float(total)
    v = (base + half) * scale
    return _Num(v, v, v, None)


def widen(
    value: float, low: float | None, high: float | None, mark: str | None
) -> tuple[float | None, float | None]:
    """The range a marker allows around ``value`` ("about" +-20%, "more than": open high)."""
    if not mark:
        return low, high
    cls = APPROX.get(re.sub(r"\s+", " ", mark.lower()))
    if cls == "approx":
        return value * (1 - APPROX_REL), value * (1 + APPROX_REL)
    if cls == "below":
        return value * (1 - APPROX_REL), value
    if cls == "min":
        return value, None
    if cls == "max":
        return 0.0, value
    return low, high


def _singular(word: str) -> str:
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def _make(
    text: str, start: int, end: int, kind: str, num: _Num, factor: float, unit: str,
    mark: str | None,
) -> Quantity:  # fmt: skip
    value = num.value * factor
    low = None if num.low is None else num.low * factor
    high = None if num.high is None else num.high * factor
    low, high = widen(value, low, high, mark)
    approx = re.sub(r"\s+", " ", mark.lower()) if mark else num.vague
    return Quantity(
        start=start,
        end=end,
        text=text[start:end],
        kind=kind,
        value=value,
        unit=unit,
        approx=approx,
        low=low,
        high=high,
    )


def _overlaps(taken: list[tuple[int, int]], s: int, e: int) -> bool:
    return any(s < te and ts < e for ts, te in taken)


def _durations(text: str, taken: list[tuple[int, int]]) -> list[Quantity]:
    out: list[Quantity] = []
    for m in RX_DURATION_HALF.finditer(text):
        phrase = m.group(0).lower()
        secs = 5400.0 if "and a half" in phrase else 1800.0
        one = _Num(1, 1, 1, None)
        out.append(_make(text, m.start(), m.end(), "duration", one, secs, "s", None))
        taken.append((m.start(), m.end()))
    for m in RX_DURATION_ONE.finditer(text):
        start = m.start("mark") if m.group("mark") else m.start("one")
        if _overlaps(taken, start, m.end()):
            continue
        factor = UNIT_SECONDS[m.group("unit").lower()]
        one = _Num(1, 1, 1, None)
        out.append(_make(text, start, m.end(), "duration", one, factor, "s", m.group("mark")))
        taken.append((start, m.end()))
    for m in RX_DURATION.finditer(text):
        if m.group("old") or _overlaps(taken, m.start(), m.end()):
            continue
        if re.search(
            r"\b(?:in|within|first\s+time\s+in)\s+$", text[max(0, m.start() - 16) : m.start()]
        ):
            continue  # "the first visit in five years": not a length
        num = parse_number(m.group("num"))
        if num is None:
            continue
        factor = UNIT_SECONDS[m.group("unit").lower().rstrip("s")]
        out.append(_make(text, m.start(), m.end(), "duration", num, factor, "s", m.group("mark")))
        taken.append((m.start(), m.end()))
    return out


def _money(text: str, taken: list[tuple[int, int]]) -> list[Quantity]:
    out: list[Quantity] = []
    for m in RX_MONEY.finditer(text):
        if _overlaps(taken, m.start(), m.end()):
            continue
        if m.group("sym"):
            num, unit = parse_number(m.group("num")), CURRENCY_SYMBOL[m.group("sym")]
            mark = m.group("mark")
        else:
            num, unit = parse_number(m.group("num2")), CURRENCY_WORD[m.group("cur").lower()]
            mark = m.group("mark2")
        if num is None:
            continue
        out.append(_make(text, m.start(), m.end(), "money", num, 1.0, unit, mark))
        taken.append((m.start(), m.end()))
    return out


def _percent(text: str, taken: list[tuple[int, int]]) -> list[Quantity]:
    out: list[Quantity] = []
    for m in RX_PERCENT.finditer(text):
        if _overlaps(taken, m.start(), m.end()):
            continue
        num = parse_number(m.group("num"))
        if num is None:
            continue
        unit = "pp" if "point" in m.group(0).lower() else "%"
        out.append(_make(text, m.start(), m.end(), "percent", num, 1.0, unit, m.group("mark")))
        taken.append((m.start(), m.end()))
    return out


def _count_noun(tail: str | None) -> tuple[str | None, int]:
    """The counted noun after a number: the last word before a stop word (max four)."""
    if not tail:
        return None, 0
    words = list(re.finditer(r"[A-Za-z][A-Za-z'-]*", tail))
    kept: list[re.Match[str]] = []
    for w in words:
        if w.group(0).lower() in STOP or w.group(0)[0].isupper():
            break
        kept.append(w)
    while len(kept) > 1 and kept[-1].group(0).lower().endswith("ed"):
        kept.pop()  # "19 people injured": a participle after the noun
    if not kept:
        return None, 0
    return _singular(kept[-1].group(0)), kept[-1].end()


def _counts(text: str, taken: list[tuple[int, int]]) -> list[Quantity]:
    out: list[Quantity] = []
    for m in RX_COUNT.finditer(text):
        s_num, e_num = m.span("num")
        if _overlaps(taken, s_num, e_num):
            continue
        raw = m.group("num")
        low = raw.lower()
        if low in ("a", "an", "one", "dozen") and not m.group("mark"):
            continue  # "a" and "one" are mostly articles and pronouns
        if RX_SKIP_BEFORE.search(text[max(0, s_num - 12) : s_num]):
            continue
        after = text[e_num : e_num + 12]
        if RX_SKIP_AFTER.match(after) or re.match(r"[\d/]", after) or after.startswith("s "):
            continue
        if re.fullmatch(r"\d{4}", raw) and 1800 <= int(raw) <= 2100:
            continue  # a year
        if text[max(0, s_num - 1) : s_num].isalnum() or text[max(0, s_num - 1) : s_num] in ".,:/":
            continue
        num = parse_number(raw)
        if num is None:
            continue
        noun, noun_end = _count_noun(m.group("noun"))
        if noun in UNIT_SECONDS:
            continue  # "the first visit in five years": neither a length nor a count
        if num.value <= 2 and re.search(
            r"\b(?:the|these|those|both)\s+$", text[max(0, s_num - 8) : s_num], re.I
        ):
            continue  # "the two countries": a reference to known ones, not a count
        start = m.start() if m.group("mark") else s_num
        if noun:
            end = e_num + noun_end
            q = _make(text, start, end, "count", num, 1.0, noun, m.group("mark"))
        else:
            q = _make(text, start, e_num, "number", num, 1.0, "", m.group("mark"))
        out.append(q)
        taken.append((q.start, q.end))
    return out


def find_quantities(text: str) -> list[Quantity]:
    """Every duration, amount of money, percentage and count in ``text``, in text order."""
    taken: list[tuple[int, int]] = []
    found = _durations(text, taken)
    found += _money(text, taken)
    found += _percent(text, taken)
    found += _counts(text, taken)
    return sorted(found, key=lambda q: (q.start, q.end))
