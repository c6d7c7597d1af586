"""Running every analyzer over a batch of clean articles, with one spaCy parse each.

Entities are linked across the whole batch (so "Blinked" in one article can resolve to
"Antony Blinken" named in another); the rest is per article.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from newsweave.analyze.entities import find_mentions, link_entities
from newsweave.analyze.events import EventFrame, find_events
from newsweave.analyze.nlp import parse
from newsweave.analyze.quantities import find_quantities
from newsweave.analyze.quotes import find_quotes
from newsweave.analyze.roles import find_roles
from newsweave.analyze.timex import find_timexes
from newsweave.model import Annotations, Article, Mention, Sentence

Progress = Callable[[int], None]


@dataclass
class Analysis:
    """Annotations per article id, plus what later stages need beyond the contract."""

    annotations: dict[str, Annotations] = field(default_factory=dict)
    events: dict[str, list[EventFrame]] = field(default_factory=dict)
    docs: dict[str, Any] = field(default_factory=dict)


def sentences_of(doc: Any) -> tuple[Sentence, ...]:
    """Sentence spans from the parse, split again at line breaks (headlines, bullets)."""
    out: list[Sentence] = []
    text: str = doc.text
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        piece_start = start
        for i in range(start, end):
            if text[i] == "\n":
                if text[piece_start:i].strip():
                    out.append(_trimmed(text, piece_start, i))
                piece_start = i + 1
        if text[piece_start:end].strip():
            out.append(_trimmed(text, piece_start, end))
    return tuple(out)


def _trimmed(text: str, start: int, end: int) -> Sentence:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end)


def analyze(
    articles: Sequence[Article],
    *,
    anchors: Mapping[str, date] | None = None,
    progress: Progress | None = None,
) -> Analysis:
    """Annotate a batch of articles. ``anchors`` gives dates for articles with none."""
    anchors = anchors or {}
    analysis = Analysis()
    mentions: dict[str, list[Mention]] = {}
    texts = {a.id: a.text for a in articles}
    for article, doc in zip(articles, parse(a.text for a in articles), strict=True):
        analysis.docs[article.id] = doc
        mentions[article.id] = find_mentions(doc)
        if progress:
            progress(1)
    linked = link_entities(mentions, texts)
    for article in articles:
        analysis.annotations[article.id] = annotate_one(
            article,
            analysis.docs[article.id],
            linked.get(article.id, []),
            article.published or anchors.get(article.id),
            analysis.events,
        )
    return analysis


def annotate_one(
    article: Article,
    doc: Any,
    mentions: Sequence[Mention],
    anchor: date | None,
    events_out: dict[str, list[EventFrame]],
) -> Annotations:
    """Every per-article annotation, given the parse and the linked mentions."""
    text = article.text
    timexes = find_timexes(text, anchor)
    quantities = find_quantities(text)
    quotes = find_quotes(text, doc, mentions)
    roles = find_roles(doc, mentions)
    events_out[article.id] = find_events(doc, mentions, timexes, quantities)
    return Annotations(
        article_id=article.id,
        sentences=sentences_of(doc),
        mentions=tuple(mentions),
        timexes=tuple(timexes),
        quantities=tuple(quantities),
        quotes=tuple(quotes),
        roles=tuple(roles),
        published=anchor,
    )


def reanchor(analysis: Analysis, articles: Sequence[Article], anchors: Mapping[str, date]) -> None:
    """Re-resolve the time values of undated articles against their story's date."""
    for article in articles:
        anchor = anchors.get(article.id)
        if article.published is not None or anchor is None:
            continue
        old = analysis.annotations[article.id]
        analysis.annotations[article.id] = annotate_one(
            article,
            analysis.docs[article.id],
            old.mentions,
            anchor,
            analysis.events,
        )
