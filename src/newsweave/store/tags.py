"""Search filters as full-text tokens (the SQLite store's ``search_docs.tags`` column).

Each search document carries one token per filter value, in an index column of its own, so
a filtered search is a single FTS5 query: the words must match the ``text`` column and the
filters the ``tags`` column. Names are written as UTF-8 hex after a one-letter prefix, so
each is one token that neither the tokenizer nor the porter stemmer changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta


def hex_token(value: str) -> str:
    return value.encode("utf-8").hex()


def outlet_tag(outlet: str) -> str:
    return "o" + hex_token(outlet.lower())


def search_tags(
    kind: str,
    outlet: str | None,
    story: str | None,
    published: str | None,
    entities: Iterable[str] = (),
) -> str:
    """A search document's filter values as index tokens: ``k`` + its kind, ``o`` + its
    outlet (lower-cased), ``s`` + its story, ``y``/``m``/``d`` + the year, month and day
    it was published, ``e`` + each entity key of its article (names as UTF-8 hex, so one
    token each that no stemmer changes)."""
    tags = [f"k{kind}"]
    if outlet:
        tags.append(outlet_tag(outlet))
    if story:
        tags.append("s" + hex_token(story))
    if published and len(published) >= 10 and published[:4].isdigit():
        y, m, d = published[:4], published[5:7], published[8:10]
        tags += [f"y{y}", f"m{y}{m}", f"d{y}{m}{d}"]
    tags += ["e" + hex_token(e) for e in sorted(set(entities)) if e]
    return " ".join(tags)


def sql_tags(
    kind: str, outlet: str | None, story: str | None, published: str | None, entities: str | None
) -> str:
    """:func:`search_tags` as the SQL function ``newsweave_tags`` (entities joined by
    newlines), for migrations."""
    return search_tags(kind, outlet, story, published, (entities or "").split("\n"))


def date_tokens(lo: date, hi: date) -> list[str]:
    """The fewest year, month and day tokens (as in :func:`search_tags`) covering the days
    from ``lo`` to ``hi``, both included."""
    out: list[str] = []
    day = lo
    while day <= hi:
        month_end = (
            date(day.year, 12, 31)
            if day.month == 12
            else date(day.year, day.month + 1, 1) - timedelta(days=1)
        )
        if day.month == 1 and day.day == 1 and date(day.year, 12, 31) <= hi:
            out.append(f"y{day.year:04d}")
            last = date(day.year, 12, 31)
        elif day.day == 1 and month_end <= hi:
            out.append(f"m{day.year:04d}{day.month:02d}")
            last = month_end
        else:
            out.append(f"d{day.year:04d}{day.month:02d}{day.day:02d}")
            last = day
        if last >= date.max:
            break
        day = last + timedelta(days=1)
    return out
