"""Context claims: typed values with no structured subject, and the words around them.

Counts, money, percentages, durations and dates outside any event frame, and places of an
event ("the speech in Miami"), only have a unit. They are matched across articles by their
sentences (align.py), so each claim keeps the content words of its sentence (``context``,
lightly stemmed, the value itself left out) and of the few words next to it (``local``: the
slot the value fills, "percent Latino", "pages of emails", "a two-year investigation").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from newsweave.compare.claims import (
    NATIONAL,
    RX_DAY,
    STOP,
    ArticleEvidence,
    ClaimRecord,
    amount,
    background,
    make_claim,
    sentence_bounds,
)
from newsweave.compare.subject_labels import (
    count_label,
    counted_noun,
    place_label,
    predicate_label,
)

RX_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*")
RX_LOCATIVE = re.compile(
    r"\b(?:in|at|near|outside)\s+(?:the\s+)?(?:(?:[\w-]+\s+){0,3}"
    r"(?:state|city|town|village|county|area|areas|parts|region|province|suburbs?) of\s+)?$",
    re.I,
)
# Counted nouns for people: "19 people were injured" and "injured 12 crew members" count the
# same thing; the slot word ("injured") then tells which count it is.
PEOPLE = frozenset(
    [
        "people",
        "person",
        "member",
        "crew",
        "passenger",
        "worker",
        "resident",
        "victim",
        "civilian",
        "soldier",
        "troop",
        "officer",
        "child",
        "adult",
        "student",
        "employee",
        "patient",
        "fan",
        "migrant",
        "refugee",
        "protester",
        "prisoner",
        "hostage",
        "survivor",
        "firefighter",
        "police",
        "staff",
        "staffer",
        "sailor",
        "miner",
        "pilgrim",
        "tourist",
        "lawmaker",
        "official",
    ]
)
# a time of day names its day ("Sunday night", "Thursday evening", "June 18 at noon")
RX_NAMED_DAY = re.compile(
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|"
    r"nov|dec)[a-z]*\.?\s+\d|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    re.I,
)
NIGHT = frozenset({"TNI", "TEV"})  # night and evening: reported as the next day too
# the preposition before a length says what it measures: how long a state lasts ("for 75
# years", "for the next 75 years"), the span of a change ("over 16 years"), a deadline
# ("within two years")
RX_LEAD = re.compile(
    r"\b(for|over|within|during|throughout|after|in)\s+(?:the\s+(?:next|past|last|first)\s+|"
    r"an?\s+|another\s+|nearly\s+|about\s+|almost\s+|more\s+than\s+)?$",
    re.I,
)
# a locative that describes someone else's thing ("Russia's war in Ukraine", "China's
# embassy in London") does not place the story's event
RX_OWNED = re.compile(r"\b[A-Z][\w.-]*['’]s\s+[\w-]+\s+$")
LOCAL = 6  # content words each side of a value that describe its slot


def stem(word: str) -> str:
    """A light stem: lower case, possessive and plural or -ed/-ing endings dropped."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'-").replace("-", "")
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 5 and w.endswith("ing"):
        return w[:-3]
    if len(w) > 4 and w.endswith("ed"):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def content_stems(text: str) -> list[str]:
    """Stems of the content words of ``text``, in order."""
    return [s for s in map(_content_stem, RX_TOKEN.findall(text)) if s is not None]


@lru_cache(maxsize=1 << 16)
def _content_stem(word: str) -> str | None:
    """The stem of a content word, None for a stop word or a short one. Cached: a story's
    sentences are read several times over (each sentence, then around each value) and
    news vocabulary repeats, so most words were stemmed before."""
    low = word.lower()
    if low in STOP or len(low) < 3:
        return None
    return stem(low)


@dataclass(frozen=True)
class Sentences:
    """One article's sentences and their content stems."""

    bounds: tuple[tuple[int, int], ...]
    stems: tuple[frozenset[str], ...]

    @classmethod
    def of(cls, text: str) -> Sentences:
        bounds = tuple(sentence_bounds(text))
        return cls(bounds, tuple(frozenset(content_stems(text[s:e])) for s, e in bounds))

    def index(self, start: int) -> int:
        for i, (s, e) in enumerate(self.bounds):
            if s <= start < e:
                return i
        return -1


def _around(text: str, bounds: tuple[int, int], start: int, end: int) -> tuple[set[str], set[str]]:
    """(sentence stems without the value, the LOCAL stems on each side of it)."""
    s, e = bounds
    before = content_stems(text[s:start])
    after = content_stems(text[end:e])
    return set(before + after), set(before[-LOCAL:] + after[:LOCAL])


def _record(
    ev: ArticleEvidence,
    sents: Sentences,
    kind: str,
    key: tuple[str, ...],
    subject: str,
    span: tuple[int, int],
    value: str,
    norm: Mapping[str, object],
    *,
    locative: int = -1,
    counted: Sequence[str] = (),
) -> ClaimRecord | None:
    """A context claim of ``span``; ``locative`` is where the "in/at" of a place starts and
    ``counted`` the counted noun of a count (for the readable label)."""
    start, end = span
    i = sents.index(start)
    if i < 0:
        return None
    text = ev.article.text
    context, local = _around(text, sents.bounds[i], start, end)
    if kind == "place":
        label = place_label(text, sents.bounds[i], locative, ev.mentions)
    elif kind == "count":
        label = count_label(text, start, end, counted)
    else:
        label = predicate_label(kind, text, sents.bounds[i], span, ev.mentions)
    before = ev.article.text[max(0, start - 30) : start]
    lead = RX_LEAD.search(before) if kind == "duration" else None
    return ClaimRecord(
        lead=lead.group(1).lower() if lead else "",
        kind=kind,
        key=key,
        subject=subject,
        claim=make_claim(ev.article, start, end, value, norm),
        keyed=False,
        context=frozenset(context),
        local=frozenset(local),
        sentence=i,
        label=label,
    )


def context_claims(
    ev: ArticleEvidence, taken: Sequence[tuple[int, int]], sents: Sentences | None = None
) -> list[ClaimRecord]:
    """Counts, money, percentages, durations, dates and event places outside any frame."""
    text = ev.article.text
    sents = sents or Sentences.of(text)
    out: list[ClaimRecord | None] = []

    def free(s: int, e: int) -> bool:
        return not any(s < te and ts < e for ts, te in taken)

    for q in ev.quantities:
        if q.kind not in ("count", "money", "percent", "duration") or not free(q.start, q.end):
            continue
        unit = q.unit if q.kind != "duration" else "s"
        if q.kind == "count" and q.unit in PEOPLE:
            unit = "people"
        noun = {"count": f"number of {q.unit}s", "money": f"amount in {q.unit}"}.get(
            q.kind, "percentage" if q.kind == "percent" else "length"
        )
        kind = "count" if q.kind == "count" else q.kind
        counted = counted_noun(q.text, q.unit, stem) if q.kind == "count" else ()
        span = (q.start, q.end)
        out.append(
            _record(ev, sents, kind, (q.kind, unit), noun, span, q.text, amount(q), counted=counted)
        )
    for t in ev.timexes:
        # "Sunday night" (a TIME) states its day as much as "Sunday" does
        if t.type not in ("DATE", "TIME") or not RX_DAY.match(t.value[:10]):
            continue
        if not free(t.start, t.end):
            continue
        if t.type == "TIME" and not RX_NAMED_DAY.search(t.text):
            continue  # "shortly before midnight": the day is the resolver's guess, not stated
        day = t.value[:10]
        norm = {"date": day, "night": t.type == "TIME" and t.value[10:] in NIGHT}
        out.append(_record(ev, sents, "date", ("date",), "date", (t.start, t.end), day, norm))
    persons = {w for p in ev.mentions if p.label == "PERSON" for w in p.canonical.split()}
    past = {  # sentences about a background event ("in Bali last November")
        sents.index(t.start)
        for t in ev.timexes
        if t.type == "DATE" and background(t.value, ev.date)
    }
    for m in ev.mentions:
        if m.label != "GPE" or not free(m.start, m.end) or m.text.isupper():
            continue
        window = max(0, m.start - 60)
        locative = RX_LOCATIVE.search(text[window : m.start])
        if not locative or RX_OWNED.search(text[window : window + locative.start()]):
            continue
        if re.match(r"['’]s\b", text[m.end : m.end + 2]):
            continue  # "in China's internal affairs": China owns the thing, it is no place
        if NATIONAL.match(m.canonical) or m.canonical in persons:
            continue
        if sents.index(m.start) in past:
            continue
        norm = {"place": m.canonical}
        span = (m.start, m.end)
        prep = window + locative.start()
        out.append(
            _record(ev, sents, "place", ("place",), "place", span, m.canonical, norm, locative=prep)
        )
    return [r for r in out if r is not None]
