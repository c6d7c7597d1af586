"""A dated timeline of a story: sentences grouped by the calendar day they speak of.

Only resolved dates count (``2023-06-18``, or a month such as ``2022-08`` for background
events). A sentence belongs to each date its time expressions resolve to; a date written
with a clock time (a page or comment timestamp) is not an event and does not count. An
article's first undated sentences speak of its publication day (a news lede reports that
day's events) and are candidates for the day before it too (a report of yesterday).

*Which dates.* A day's weight is the number of articles that mention it (not counting a
mention of the article's own publication day: that is the report, not the event; a
report soon after the day counts a little more), plus a share for each article published
on it, plus a share for each entry of a chronology that opens with it ("Sept. 7: U.S.
government seizes Fannie Mae and Freddie Mac." -- an editor's pick of a key day). With
``max_dates`` the heaviest days are kept.

*Which sentences.* For each kept date, its candidates are ranked by TF-IDF similarity to
the centroid of that date's candidates (what most reports of the day say), with a bonus
for an article's first sentences (the lede), chronology entries (quoted without their
date) and topic keywords, and a penalty for sentences written before the day
(announcements); a sentence naming the day only as the edge of a span ("since 13 April")
is not a candidate. Near-repeats are cut, one sentence per article first, and a sentence
used for one date is not used again. Each line quotes its sentence without the page
furniture fused into it (wire datelines, timestamps, bylines:
:mod:`newsweave.brief.timeline_text`); offsets stay exact.

*Background.* The story's own days are the dates its articles report most, close to their
publication (:func:`story_span`); older dates are background: their claims carry
``normalized["background"] = True`` so renderers keep them apart.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from newsweave.brief.timeline_text import is_stamp, names_a_day, pieces
from newsweave.model import Annotations, Article, Claim, TimelineEntry, TimeValue

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_WORDS = re.compile(r"\w+")
BACKGROUND_GAP = timedelta(days=14)
MIN_WORDS, MAX_WORDS = 6, 60
GRAM_TEXTS = 1000  # up to this many candidate texts, all their cosines are kept (8 MB)


@dataclass(frozen=True)
class TimelineWeights:
    """How dates and sentences are chosen (set on three T17 tuning topics, then frozen)."""

    mention: float = 1.0  # an article mentioning the day (in one of its sentences)
    same_day: float = 0.0  # ... when the day is the article's own publication day
    published: float = 1.5  # an article published on the day
    chronology: float = 1.0  # extra weight for an entry of a chronology ("Sept. 7: ...")
    soon: float = 0.5  # extra mention weight for reports right after the day: soon / lag days
    max_words: int = MAX_WORDS  # longer sentences are not timeline material
    ledes: int = 10  # an article's first sentences without a date speak of its publication day
    next_day: int = 5  # ... and its first ones are candidates for the day before (not weighed)
    keyword: float = 0.1  # sentence bonus per topic keyword it holds (at most 2)
    lede: float = 0.3  # sentence bonus for the first `lead` sentences of its article
    lead: int = 5
    entry: float = 0.3  # sentence bonus for a chronology's entry
    redundancy: float = 0.5  # cosine above which a second sentence is a repeat
    explicit: float = 0.0  # sentence bonus for naming the date (not dated by publication)
    announced: float = 1.0  # penalty: written before the day (a plan, not what happened)
    across: bool = True  # a sentence (or a near-repeat) used for one date is not reused


@dataclass(frozen=True)
class Dated:
    value: str
    claim: Claim
    rank: int = 0  # sentence position in its article
    lag: int | None = None  # days from the date to the article's publication
    weighed: bool = True  # counts toward the date's weight (next-day and TIME ones do not)
    landmark: bool = False  # the date follows "since", "until", "before"...: not the event's day
    entry: bool = False  # a chronology's entry: "Sept. 7: U.S. government seizes Fannie Mae."


_DONE = (".", "!", '"', "”", "’")
# After the date that opens a chronology's entry: "Sept. 7: ", "March 15 - ", "May 2 -- ".
_ENTRY = re.compile(r"\s*(?:[:\-–—]+\s*)+(?=\S)")
_NAMED_DAY = re.compile(r"[A-Za-z]{3}.*\d|\d.*[A-Za-z]{3}|\d{1,4}[/.-]\d{1,2}")
# "before Monday's vote": the date names an event, not the edge of a span
_MODIFIER = re.compile(r"['’]s\b")
_LANDMARK = re.compile(
    r"\b(?:since|until|till|before|after|by|from|through|ahead of|prior to|as of)\s+"
    r"(?:last\s+|early\s+|late\s+|mid-?)?$",
    re.IGNORECASE,
)


def dated_sentences(
    articles: Sequence[Article],
    annotations: Mapping[str, Annotations],
    *,
    ledes: int = 0,
    next_day: int = 0,
) -> list[Dated]:
    """Each sentence piece that holds a resolved date (a DATE, or a TIME that names its
    day, "Saturday morning": a candidate for that day without adding to its weight), once
    per (piece, date).

    A sentence is quoted in pieces between page furniture (:func:`pieces`). With
    ``ledes``, an article's first ``ledes`` sentences that name no date are dated by the
    article's publication day (a news lede reports that day's events); their claims carry
    ``normalized["dated_by"] = "publication"``. With ``next_day``, its first ``next_day``
    such sentences are also candidates for the day before publication (``"dated_by":
    "next_day"``; they do not add to that day's weight).
    """
    out: list[Dated] = []
    for article in articles:
        ann = annotations.get(article.id)
        if ann is None:
            continue
        timexes = sorted(
            (t for t in ann.timexes if names_a_day(t) and not is_stamp(article.text, t)),
            key=lambda t: (t.start, t.end),
        )
        k = 0
        for rank, sent in enumerate(ann.sentences):
            done = article.text[sent.start : sent.end].rstrip().endswith(_DONE)
            for start, end in pieces(article.text, sent.start, sent.end):
                while k < len(timexes) and timexes[k].start < start:
                    k += 1
                text = article.text[start:end]
                seen: set[str] = set()
                j = k
                named = j < len(timexes) and timexes[j].start < end  # any date at all
                while j < len(timexes) and timexes[j].start < end:
                    tx = timexes[j]
                    j += 1
                    value = tx.value[:10]
                    if not (_DAY.match(value) or _MONTH.match(value)) or value in seen:
                        continue
                    seen.add(value)
                    lag = None
                    if article.published is not None and _DAY.match(value):
                        lag = (article.published - date.fromisoformat(value)).days
                    lead_in = article.text[max(start, tx.start - 20) : tx.start]
                    landmark = _LANDMARK.search(lead_in) is not None and not _MODIFIER.match(
                        article.text, tx.end, end
                    )
                    entry = _entry_start(article.text, start, end, tx)
                    if entry is not None:  # quote the entry without its date
                        claim = Claim(
                            article.id,
                            entry,
                            end,
                            article.text[entry:end],
                            tx.text,
                            {"date": value, "chronology": True},
                        )
                    else:
                        claim = Claim(article.id, start, end, text, tx.text, {"date": value})
                    out.append(
                        Dated(
                            value,
                            claim,
                            rank,
                            lag,
                            weighed=tx.type == "DATE",  # a TIME's day: a candidate only
                            landmark=landmark,
                            entry=entry is not None,
                        )
                    )
                if named or not done or article.published is None:
                    continue
                if rank < ledes:
                    value = article.published.isoformat()
                    normalized = {"date": value, "dated_by": "publication"}
                    claim = Claim(article.id, start, end, text, None, normalized)
                    out.append(Dated(value, claim, rank, 0))
                if rank < next_day:
                    value = (article.published - timedelta(days=1)).isoformat()
                    normalized = {"date": value, "dated_by": "next_day"}
                    claim = Claim(article.id, start, end, text, None, normalized)
                    out.append(Dated(value, claim, rank, 1, weighed=False))
    return out


def _entry_start(text: str, start: int, end: int, timex: TimeValue) -> int | None:
    """Where a chronology's entry starts after its date ("Sept. 7: U.S. government
    seizes ..."), when the piece opens with a written date and a colon or dash."""
    if timex.start - start > 1 or not _NAMED_DAY.search(timex.text):
        return None
    match = _ENTRY.match(text, timex.end, end)
    return None if match is None else match.end()


def story_span(
    articles: Sequence[Article], annotations: Mapping[str, Annotations]
) -> tuple[str | None, str | None]:
    """First and last day of the story's own events."""
    return _span(articles, dated_sentences(articles, annotations))


def _span(articles: Sequence[Article], items: Sequence[Dated]) -> tuple[str | None, str | None]:
    published = [a.published for a in articles if a.published]
    latest = max(published) if published else None
    counts: Counter[str] = Counter()
    for item in items:
        if not _DAY.match(item.value):
            continue
        day = date.fromisoformat(item.value)
        if latest is not None and not latest - BACKGROUND_GAP <= day <= latest:
            continue
        counts[item.value] += 1
    if not counts:
        days = sorted(d.isoformat() for d in published)
        return (days[0], days[-1]) if days else (None, None)
    top = max(counts.values())
    main = sorted(d for d, n in counts.items() if n * 3 >= top)
    return main[0], main[-1]


def date_weights(
    articles: Sequence[Article],
    items: Sequence[Dated],
    weights: TimelineWeights,
) -> dict[str, float]:
    """Each date's weight: articles mentioning it, plus a share of those published on it
    (for the dates some sentence speaks of) and of the chronology entries opening with it."""
    published = {a.id: a.published for a in articles}
    mentions: dict[str, float] = defaultdict(float)
    for value, _article in {(i.value, i.claim.article) for i in items if i.entry}:
        mentions[value] += weights.chronology
    for value, article_id in {(i.value, i.claim.article) for i in items if i.weighed}:
        own = published.get(article_id)
        if own is not None and value == own.isoformat():
            mentions[value] += weights.same_day
            continue
        weight = weights.mention
        if own is not None and _DAY.match(value):
            lag = (own - date.fromisoformat(value)).days
            if lag > 0:
                weight += weights.soon / lag
        mentions[value] += weight
    for art in articles:
        if art.published is not None:
            value = art.published.isoformat()
            if value in mentions:
                mentions[value] += weights.published
    return dict(mentions)


def build_timeline(
    articles: Sequence[Article],
    annotations: Mapping[str, Annotations],
    *,
    max_dates: int | None = None,
    max_sentences: int = 2,
    start: date | None = None,
    end: date | None = None,
    days_only: bool = False,
    keywords: Sequence[str] = (),
    weights: TimelineWeights | None = None,
) -> list[TimelineEntry]:
    """Timeline entries, oldest first; background entries are marked in their claims.

    ``start``/``end`` keep only dates in that range; ``days_only`` drops month-level dates;
    ``keywords`` (topic words) favour on-topic sentences.
    """
    weights = weights or TimelineWeights()
    found = dated_sentences(articles, annotations, ledes=weights.ledes, next_day=weights.next_day)
    items = [
        i
        for i in found
        if _keep(i.value, start, end, days_only)
        and MIN_WORDS <= len(_WORDS.findall(i.claim.text)) <= weights.max_words
    ]
    if not items:
        return []
    # the span reads the sentences that name their date: those found above, less the
    # ones dated by publication (story_span would find the same ones again)
    named = [i for i in found if "dated_by" not in i.claim.normalized]
    span_start, _ = _span(articles, named)
    by_date: dict[str, list[Dated]] = defaultdict(list)
    for item in items:
        if not item.landmark:  # "since 13 April" weighs the day but does not tell it
            by_date[item.value].append(item)
    score = date_weights(articles, items, weights)
    ranked = sorted((d for d in by_date if d in score), key=lambda d: (-score[d], d))
    if max_dates is not None:
        ranked = ranked[:max_dates]
    picker = _SentencePicker([i.claim.text for d in ranked for i in by_date[d]], keywords, weights)
    chosen = {value: picker.pick(by_date[value], max_sentences) for value in ranked}
    entries: list[TimelineEntry] = []
    for value in sorted(ranked):
        background = span_start is not None and value < span_start[: len(value)]
        claims = [
            Claim(
                c.article,
                c.start,
                c.end,
                c.text,
                c.value,
                {**c.normalized, "background": background},
            )
            for c in chosen[value]
        ]
        if not claims:
            continue
        summary = " ".join(c.text for c in claims)
        entries.append(TimelineEntry(value, summary, tuple(claims)))
    return entries


def _keep(value: str, start: date | None, end: date | None, days_only: bool) -> bool:
    if days_only and not _DAY.match(value):
        return False
    if start is not None and value < start.isoformat()[: len(value)]:
        return False
    return end is None or value[: len(value)] <= end.isoformat()[: len(value)]


class _SentencePicker:
    """Central, on-topic, non-repeating sentences of one date."""

    def __init__(self, texts: Sequence[str], keywords: Sequence[str], weights: TimelineWeights):
        self.weights = weights
        self.keywords = frozenset(k.lower() for k in keywords)
        self.vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1)
        try:
            self.vectorizer.fit(texts)
            self.fitted = True
        except ValueError:  # no content words at all
            self.fitted = False
        self.used: set[tuple[str, int]] = set()  # (article, start) of sentences picked
        self.used_texts: list[str] = []
        # Each text is vectorised once, here: a text's row does not depend on the texts
        # transformed with it, and a transform per date costs far more than its rows.
        self.row: dict[str, int] = {}
        self.matrix: Any = None
        self.gram: np.ndarray | None = None
        if self.fitted:
            known = list(dict.fromkeys(texts))
            self.matrix = self.vectorizer.transform(known)
            self.row = {text: n for n, text in enumerate(known)}
            if len(known) <= GRAM_TEXTS:
                # every pair's cosine at once: an entry is summed over its first row's
                # terms in the same order as in a product of just those two rows
                self.gram = np.asarray((self.matrix @ self.matrix.T).toarray())

    def vectors(self, texts: Sequence[str]) -> Any:
        """The TF-IDF rows of ``texts`` (a sparse matrix, as ``transform`` gives)."""
        if any(t not in self.row for t in texts):
            return self.vectorizer.transform(texts)
        return self.matrix[[self.row[t] for t in texts]]

    def cosines(self, left: Sequence[str], right: Sequence[str]) -> np.ndarray:
        """Cosine of each text of ``left`` (rows) to each of ``right`` (columns)."""
        if self.gram is None or any(t not in self.row for t in [*left, *right]):
            return np.asarray((self.vectors(left) @ self.vectors(right).T).toarray())
        rows = [self.row[t] for t in left]
        cols = [self.row[t] for t in right]
        return np.asarray(self.gram[np.ix_(rows, cols)])

    def pick(self, items: Sequence[Dated], k: int) -> list[Claim]:
        unique: dict[str, Dated] = {}
        for item in items:  # the same sentence reprinted: once
            if self.weights.across and (item.claim.article, item.claim.start) in self.used:
                continue
            unique.setdefault(" ".join(item.claim.text.split()).lower(), item)
        pool = list(unique.values())
        if self.weights.across and self.fitted and pool and self.used_texts:
            texts = [i.claim.text for i in pool]
            repeat = self.cosines(texts, self.used_texts).max(axis=1)
            pool = [i for i, r in zip(pool, repeat, strict=True) if r <= self.weights.redundancy]
        if not pool or k <= 0:
            return []
        if self.fitted:
            texts = [i.claim.text for i in pool]
            matrix = self.vectors(texts)
            centroid = np.asarray(matrix.mean(axis=0)).ravel()
            norm = float(np.linalg.norm(centroid)) or 1.0
            central = np.asarray(matrix @ centroid).ravel() / norm
            sims = self.cosines(texts, texts)
        else:
            central = np.zeros(len(pool))
            sims = np.eye(len(pool))
        scores = []
        hits = []
        for item in pool:
            words = [w.lower() for w in _WORDS.findall(item.claim.text)]
            hits.append(min(2, len(set(words) & self.keywords)))
        for n, item in enumerate(pool):
            score = (
                float(central[n])
                + self.weights.keyword * hits[n]
                + (self.weights.lede if item.rank < self.weights.lead else 0.0)
            )
            if "dated_by" not in item.claim.normalized:
                score += self.weights.explicit
                if item.lag is not None and item.lag < 0:
                    score -= self.weights.announced
            if item.entry:
                score += self.weights.entry
            scores.append(score)
        order = sorted(
            range(len(pool)), key=lambda n: (-scores[n], pool[n].claim.article, pool[n].claim.start)
        )
        picked: list[int] = []
        for rounds in (True, False):  # one sentence per article first
            for n in order:
                if len(picked) >= k:
                    break
                if n in picked or any(sims[n, m] > self.weights.redundancy for m in picked):
                    continue
                if rounds and any(pool[m].claim.article == pool[n].claim.article for m in picked):
                    continue
                picked.append(n)
        for n in picked:
            self.used.add((pool[n].claim.article, pool[n].claim.start))
            self.used_texts.append(pool[n].claim.text)
        return [pool[n].claim for n in picked]
