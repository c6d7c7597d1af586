"""Claims: what one article states about one subject, with its exact evidence.

Two sorts of claim come out of an article's analysis:

* **keyed** claims have a structured subject that names the same thing in every article:
  the length or date of a meeting between two people (from event frames), the length of a
  person's visit, a person's title (from role claims);
* **context** claims (counts, money, percentages, durations and dates outside any frame,
  places) only have a unit; they are matched across articles by the words around them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from newsweave.analyze.events import EventFrame
from newsweave.compare.speakers import attributed_speaker
from newsweave.compare.subject_labels import quotation_label
from newsweave.model import Article, Claim, Mention, Quantity, Quote, RoleClaim, TimeValue

LENGTH_KINDS = {"meeting": "meeting", "talks": "meeting", "call": "call", "summit": "summit"}
DAY = 86400.0  # meetings last less than a day, visits at least one
YEAR = 365 * DAY
RX_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
RX_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
RX_SENT_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’]))\s+(?=[\"“A-Z])|\n+")
NATIONAL = re.compile(r"^(?:the\s+)?(?:united\s+states|u\.?s\.?a?\.?|america|us)$", re.I)
STOP = frozenset(
    " ".join(
        (
            "the a an and or but of in on at to for from with by as than that which who whom",
            "this these those it its their his her our your my is are was were be been being",
            "have has had will would could should may might can do did does not no said says",
            "say also about after before over into out up more most some any all one two three",
            "four five six seven eight nine ten monday tuesday wednesday thursday friday",
            "saturday sunday january february march april may june july august september",
            "october november december jan feb mar apr jun jul aug sep sept oct nov dec year",
            "years day days week weeks month months percent there when where while what just",
            "then them they he she we you mr mrs ms",
        )
    ).split()
)


@dataclass(frozen=True)
class ArticleEvidence:
    """One article and its analysis, as reconcile() reads it."""

    article: Article
    mentions: Sequence[Mention]
    timexes: Sequence[TimeValue]
    quantities: Sequence[Quantity]
    roles: Sequence[RoleClaim]
    events: Sequence[EventFrame]
    quotes: Sequence[Quote] = ()
    published: date | None = None  # resolved date when the article does not give one

    @property
    def date(self) -> date | None:
        return self.published or self.article.published


@dataclass(frozen=True)
class ClaimRecord:
    """A claim with what grouping needs: the kind, a subject key and the context words."""

    kind: str  # duration | date | count | number | money | percent | role | place | attribution
    key: tuple[str, ...]
    subject: str
    claim: Claim
    keyed: bool
    context: frozenset[str] = field(default_factory=frozenset)
    when: date | None = None
    local: frozenset[str] = field(default_factory=frozenset)  # the words next to the value
    sentence: int = -1  # index of the claim's sentence in its article (context claims)
    single: bool = True  # a keyed claim stated by one source is still a fact
    lead: str = ""  # the preposition that introduces a length ("for", "over", "within")
    label: str = ""  # a readable subject in the sentence's words (context claims)


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Rough sentence ranges (enough to pick the words around a claim)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in RX_SENT_END.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def context_words(
    text: str, bounds: Sequence[tuple[int, int]], start: int, end: int
) -> frozenset[str]:
    """Content words of the sentence around ``[start, end)``, the claim itself left out."""
    for s, e in bounds:
        if s <= start < e or (s < end <= e):
            words = RX_WORD.findall(text[s:start] + " " + text[end:e])
            return frozenset(w.lower() for w in words if w.lower() not in STOP and len(w) > 2)
    return frozenset()


def person_aliases(names: Sequence[str]) -> dict[str, str]:
    """Short names to the full name they stand for ("Xi" -> "Xi Jinping", "Wang" -> "Wang Yi").

    A name maps to the most frequent longer name that contains all its words; a canonical
    map from entity linking makes this a no-op.
    """
    counts = Counter(names)
    tokens = {n: set(re.findall(r"[\w'-]+", n.lower())) for n in counts}
    out: dict[str, str] = {}
    for n, toks in tokens.items():
        longer = [m for m, mt in tokens.items() if m != n and toks and toks < mt]
        if longer:
            out[n] = sorted(longer, key=lambda m: (-counts[m], m))[0]
        else:
            out[n] = n
    return out


def make_claim(
    article: Article, start: int, end: int, value: str, norm: Mapping[str, Any]
) -> Claim:
    return Claim(
        article=article.id,
        start=start,
        end=end,
        text=article.text[start:end],
        value=value,
        normalized=dict(norm),
    )


def amount(q: Quantity) -> dict[str, Any]:
    """A quantity as the dict tolerance.compare_amounts reads."""
    from newsweave.analyze.quantities import APPROX, VAGUE

    bound: str | None = None
    if q.approx:
        bound = "vague" if q.approx in VAGUE else APPROX.get(q.approx)
    return {
        "kind": q.kind,
        "value": q.value,
        "unit": q.unit,
        "approx": q.approx,
        "bound": bound,
        "low": q.low,
        "high": q.high,
    }


def event_claims(ev: ArticleEvidence, alias: Mapping[str, str]) -> list[ClaimRecord]:
    """Meeting length and date per participant pair, visit length per visitor."""
    out: list[ClaimRecord] = []
    art = ev.article
    for f in ev.events:
        people = list(dict.fromkeys(alias.get(p, p) for p in f.participants))
        if not people:
            continue
        head, others = people[0], people[1:]
        if f.kind == "visit":
            long_enough = f.duration_s is not None and DAY <= f.duration_s <= YEAR
            if long_enough and f.duration_span and f.duration_text:
                norm = {"kind": "duration", "value": f.duration_s, "unit": "s"}
                norm.update(_frame_bound(f))
                out.append(
                    ClaimRecord(
                        kind="duration",
                        key=("visit-length", head),
                        subject=f"length of {head}'s visit" + (f" to {f.place}" if f.place else ""),
                        claim=make_claim(art, f.start, f.end, f.duration_text, norm),
                        keyed=True,
                    )
                )
            continue
        label = LENGTH_KINDS.get(f.kind)
        if label is None:
            continue
        for other in others:
            pair = tuple(sorted((head, other)))
            if f.duration_s is not None and f.duration_s < DAY and f.duration_text:
                norm = {"kind": "duration", "value": f.duration_s, "unit": "s"}
                norm.update(_frame_bound(f))
                out.append(
                    ClaimRecord(
                        kind="duration",
                        key=("meeting-length", *pair),
                        subject=f"length of {head}'s {label} with {other}",
                        claim=make_claim(art, f.start, f.end, f.duration_text, norm),
                        keyed=True,
                    )
                )
            if f.when and RX_DAY.match(f.when) and not background(f.when, ev.date):
                out.append(
                    ClaimRecord(
                        kind="date",
                        key=("meeting-date", *pair),
                        subject=f"date of {head}'s {label} with {other}",
                        claim=make_claim(art, f.start, f.end, f.when, {"date": f.when}),
                        keyed=True,
                    )
                )
    return out


BACKGROUND_DAYS = 30  # a date this far before the article's own is a past (background) event


def background(value: str, published: date | None) -> bool:
    """A TIMEX day or month more than BACKGROUND_DAYS before ``published`` (a past event the
    article recalls, such as an earlier summit), or after it by as much (a future one)."""
    if published is None:
        return False
    m = re.match(r"^(\d{4})-(\d{2})(?:-(\d{2}))?", value)
    if not m:
        return False
    try:
        day = date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 15))
    except ValueError:
        return False
    return abs((published - day).days) > BACKGROUND_DAYS


def _frame_bound(f: EventFrame) -> dict[str, Any]:
    from newsweave.analyze.quantities import APPROX, VAGUE

    if not f.approx:
        return {"bound": None}
    if f.approx in VAGUE and f.duration_s is not None:
        lo, hi = VAGUE[f.approx]
        unit = f.duration_s / ((lo + hi) / 2)
        return {"bound": "vague", "approx": f.approx, "low": lo * unit, "high": hi * unit}
    return {"bound": APPROX.get(f.approx), "approx": f.approx}


def role_claims(ev: ArticleEvidence, alias: Mapping[str, str]) -> list[ClaimRecord]:
    out: list[ClaimRecord] = []
    for r in ev.roles:
        person = alias.get(r.person, r.person)
        out.append(
            ClaimRecord(
                kind="role",
                key=("role", person),
                subject=f"title of {person}",
                claim=make_claim(ev.article, r.start, r.end, r.role, {"role": r.role}),
                keyed=True,
                when=ev.date,
            )
        )
    return out


def quote_claims(ev: ArticleEvidence, alias: Mapping[str, str]) -> list[ClaimRecord]:
    """Who said a quotation; the quote's words are its context (matched by shared runs)."""
    out: list[ClaimRecord] = []
    persons = {m.canonical for m in ev.mentions if m.label == "PERSON"}
    for q in ev.quotes:
        speaker, s_start, s_end = q.speaker, q.speaker_start, q.speaker_end
        if speaker is None:  # "...," Mr. Sheekey said: the finder did not attach it
            found = attributed_speaker(ev.article.text, q, ev.mentions)
            if found:
                speaker, s_start, s_end = found
        if not speaker or speaker not in persons:
            continue  # "the ad says", "White House": only people are compared
        words = [w.lower() for w in RX_WORD.findall(q.text.replace("’", "'"))]
        if len(words) < 6:
            continue
        runs = frozenset(" ".join(words[i : i + 5]) for i in range(len(words) - 4))
        speaker = alias.get(speaker, speaker)
        s = q.start if s_start is None else min(q.start, s_start)
        e = q.end if s_end is None else max(q.end, s_end)
        out.append(
            ClaimRecord(
                kind="attribution",
                key=("attribution",),
                subject="speaker of a quotation",
                claim=make_claim(ev.article, s, e, speaker, {"speaker": speaker}),
                keyed=False,
                context=runs,
                label=quotation_label(q.text),
            )
        )
    return out
