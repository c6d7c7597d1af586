"""A dated timeline of a story: sentences grouped by the calendar day they speak of.

Only resolved dates count (``2023-06-18``, or a month such as ``2022-08`` for background
events). The story's own days are the dates its articles report most, close to their
publication; older dates are background and kept apart.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from newsweave.model import Annotations, Article, Claim, TimelineEntry

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
BACKGROUND_GAP = timedelta(days=14)


@dataclass(frozen=True)
class Dated:
    value: str
    claim: Claim


def dated_sentences(
    articles: Sequence[Article], annotations: Mapping[str, Annotations]
) -> list[Dated]:
    """Each sentence that holds a resolved DATE, once per (sentence, date)."""
    out: list[Dated] = []
    for article in articles:
        ann = annotations.get(article.id)
        if ann is None:
            continue
        for sent in ann.sentences:
            seen: set[str] = set()
            for tx in ann.timexes:
                if tx.type != "DATE" or not sent.start <= tx.start < sent.end:
                    continue
                value = tx.value[:10]
                if not (_DAY.match(value) or _MONTH.match(value)) or value in seen:
                    continue
                seen.add(value)
                text = article.text[sent.start : sent.end]
                claim = Claim(article.id, sent.start, sent.end, text, tx.text, {"date": value})
                out.append(Dated(value, claim))
    return out


def story_span(
    articles: Sequence[Article], annotations: Mapping[str, Annotations]
) -> tuple[str | None, str | None]:
    """First and last day of the story's own events."""
    published = [a.published for a in articles if a.published]
    latest = max(published) if published else None
    counts: Counter[str] = Counter()
    for item in dated_sentences(articles, annotations):
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


def build_timeline(
    articles: Sequence[Article],
    annotations: Mapping[str, Annotations],
    *,
    max_dates: int | None = None,
    max_sentences: int = 2,
) -> list[TimelineEntry]:
    """Timeline entries, oldest first; background entries are marked in their claims."""
    by_date: dict[str, list[Claim]] = defaultdict(list)
    for item in dated_sentences(articles, annotations):
        by_date[item.value].append(item.claim)
    ranked = sorted(by_date, key=lambda d: (-_independent(by_date[d]), d))
    if max_dates is not None:
        ranked = ranked[:max_dates]
    entries: list[TimelineEntry] = []
    for value in sorted(ranked):
        claims = _best(by_date[value], max_sentences)
        summary = " ".join(c.text for c in claims)
        entries.append(TimelineEntry(value, summary, tuple(claims)))
    return entries


def _independent(claims: Sequence[Claim]) -> int:
    return len({c.article for c in claims})


def _best(claims: Sequence[Claim], k: int) -> list[Claim]:
    """Up to ``k`` sentences, one per article first, shortest complete statements first."""
    picked: list[Claim] = []
    articles: set[str] = set()
    for claim in sorted(claims, key=lambda c: (len(c.text) > 400, c.start, c.article)):
        if claim.article in articles:
            continue
        picked.append(claim)
        articles.add(claim.article)
        if len(picked) >= k:
            break
    return picked
