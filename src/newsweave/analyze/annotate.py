"""Running every analyzer over a batch of clean articles, with one spaCy parse each.

Entities are first linked within each article, then (:func:`relink`) across the articles
of each story, so "Blinked" in one report resolves to "Antony Blinken" named in another.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from typing import Any

from newsweave.analyze import parse_worker
from newsweave.analyze.entities import find_mentions, link_entities
from newsweave.analyze.events import EventFrame, find_events
from newsweave.analyze.nlp import doc_text, parse
from newsweave.analyze.quantities import find_quantities
from newsweave.analyze.quotes import find_quotes
from newsweave.analyze.roles import find_roles
from newsweave.analyze.timex import find_timexes, rule_timexes
from newsweave.model import Annotations, Article, Mention, Quantity, Sentence, TimeValue

Progress = Callable[[int], None]


@dataclass
class Analysis:
    """Annotations per article id, plus what later stages need beyond the contract."""

    annotations: dict[str, Annotations] = field(default_factory=dict)
    events: dict[str, list[EventFrame]] = field(default_factory=dict)
    docs: dict[str, Any] = field(default_factory=dict)
    mentions: dict[str, list[Mention]] = field(default_factory=dict)  # before linking


def sentences_of(doc: Any) -> tuple[Sentence, ...]:
    """Sentence spans from the parse, split again at line breaks (headlines, bullets)."""
    out: list[Sentence] = []
    text: str = doc_text(doc)
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
    progress: Progress | None = None,
    processes: int = 1,
) -> Analysis:
    """Annotate a batch of articles, each on its own (entities linked within the article).

    Call :func:`relink` once the articles are grouped into stories, so that names are
    linked across each story ("Blinked" in one report -> "Antony Blinken" named in
    another) and undated articles take their story's date. Linking only within a story
    keeps the cost linear in the batch and never merges names across unrelated events.
    """
    analysis = Analysis()
    worker = parse_worker.current()
    parsed: Iterable[tuple[Article, Any, TextReadings | None]]
    if worker is not None and processes == 1:  # each text parsed on two cores
        parsed = _parsed_on_two_cores(worker, articles)
    else:
        docs = parse((a.text for a in articles), processes=processes)
        parsed = ((a, doc, None) for a, doc in zip(articles, docs, strict=True))
    for article, doc, readings in parsed:
        analysis.docs[article.id] = doc
        analysis.mentions[article.id] = find_mentions(doc)
        linked = link_entities(
            {article.id: analysis.mentions[article.id]}, {article.id: article.text}
        )
        analysis.annotations[article.id] = annotate_one(
            article,
            doc,
            linked.get(article.id, []),
            article.published,
            analysis.events,
            readings=readings,
        )
        if progress:
            progress(1)
    return analysis


@dataclass(frozen=True)
class TextReadings:
    """What the annotators read from an article's text alone (no parse, no mentions): the
    rules' time expressions for ``anchor``, and the quantities."""

    anchor: date | None
    timexes: tuple[TimeValue, ...]
    quantities: tuple[Quantity, ...]


def read_text(text: str, anchor: date | None) -> TextReadings:
    return TextReadings(anchor, tuple(rule_timexes(text, anchor)), tuple(find_quantities(text)))


def _parsed_on_two_cores(
    worker: parse_worker.ParseWorker, articles: Sequence[Article]
) -> Iterator[tuple[Article, Any, TextReadings]]:
    """Each article's parse, and its text readings taken while this process waits for the
    worker's entities (its share of the parse is the shorter one)."""
    for article in articles:
        readings: list[TextReadings] = []
        doc = worker.parse(
            article.text, meanwhile=partial(_read_into, readings, article.text, article.published)
        )
        if not readings:  # the parse ran whole here
            readings.append(read_text(article.text, article.published))
        yield article, doc, readings[0]


def parse_one(text: str) -> Any:
    """One text's parse, on two cores when the parse worker runs."""
    worker = parse_worker.current()
    return worker.parse(text) if worker is not None else next(parse([text]))


def _read_into(out: list[TextReadings], text: str, anchor: date | None) -> None:
    out.append(read_text(text, anchor))


def annotate_one(
    article: Article,
    doc: Any,
    mentions: Sequence[Mention],
    anchor: date | None,
    events_out: dict[str, list[EventFrame]],
    earlier: Annotations | None = None,
    *,
    readings: TextReadings | None = None,
) -> Annotations:
    """Every per-article annotation, given the parse and the linked mentions. ``earlier``
    is an annotation of the same text with other mentions: its quantities are kept, and its
    time expressions when it has the same anchor (neither reads the mentions); ``readings``
    were taken from the text already."""
    text = article.text
    if earlier is not None and earlier.published == anchor:
        timexes = list(earlier.timexes)
    else:
        rules = None
        if readings is not None and readings.anchor == anchor:
            rules = list(readings.timexes)
        timexes = find_timexes(text, anchor, doc, rules)
    if earlier is not None:
        quantities = list(earlier.quantities)
    elif readings is not None:
        quantities = list(readings.quantities)
    else:
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


def relink(
    analysis: Analysis,
    articles: Sequence[Article],
    stories: Sequence[Sequence[str]],
    anchors: Mapping[str, date],
) -> None:
    """Link entities across each story and re-annotate its articles with those links and,
    for undated articles, with the story's date. Single dated articles are left as they are.

    When linking across the story only renames an article's mentions (same spans and
    labels, each old name becoming one new name), the new names are carried into its
    quotes, roles and event frames without running those annotators again; an article
    that gains or relabels mentions, or takes its story's date, is annotated again.
    """
    by_id = {a.id: a for a in articles}
    for ids in stories:
        if len(ids) == 1 and ids[0] not in anchors:
            continue
        linked = link_entities(
            {i: analysis.mentions[i] for i in ids}, {i: by_id[i].text for i in ids}
        )
        for i in ids:
            article = by_id[i]
            mentions = linked.get(i, [])
            renamed = None
            if article.published is not None or i not in anchors:
                renamed = renamed_only(analysis.annotations[i], mentions)
            if renamed is not None:
                analysis.annotations[i], analysis.events[i] = renamed.apply(
                    analysis.annotations[i], analysis.events.get(i, [])
                )
                continue
            analysis.annotations[i] = annotate_one(
                article,
                analysis.docs[i],
                mentions,
                article.published or anchors.get(i),
                analysis.events,
                analysis.annotations[i],
            )


@dataclass(frozen=True)
class Renaming:
    """New mentions for an article and the names and entity ids they replace."""

    mentions: tuple[Mention, ...]
    names: Mapping[str, str]
    entities: Mapping[str, str]

    def apply(
        self, ann: Annotations, events: Sequence[EventFrame]
    ) -> tuple[Annotations, list[EventFrame]]:
        names, entities = self.names, self.entities
        renamed = replace(
            ann,
            mentions=self.mentions,
            quotes=tuple(
                replace(
                    q,
                    speaker=names.get(q.speaker, q.speaker) if q.speaker else None,
                    entity=entities.get(q.entity, q.entity) if q.entity else None,
                )
                for q in ann.quotes
            ),
            roles=tuple(
                replace(
                    r,
                    person=names.get(r.person, r.person),
                    entity=entities.get(r.entity, r.entity),
                )
                for r in ann.roles
            ),
        )
        frames = [
            replace(e, participants=tuple(dict.fromkeys(names.get(p, p) for p in e.participants)))
            for e in events
        ]
        return renamed, frames


def renaming(ann: Annotations, mentions: Sequence[Mention]) -> Renaming:
    """The renaming from an article's current mentions to ``mentions`` (matched by span);
    mentions without a counterpart keep their names, and so does a name whose mentions
    now go to different people."""
    by_span = {(m.start, m.end): m for m in mentions}
    names: dict[str, set[str]] = {}
    entities: dict[str, set[str]] = {}
    for old in ann.mentions:
        new = by_span.get((old.start, old.end))
        if new is not None:
            names.setdefault(old.canonical, set()).add(new.canonical)
            entities.setdefault(old.entity, set()).add(new.entity)
    # a name whose mentions now go to two people is left as it was (which one would a
    # quote or a frame that names it mean?)
    return Renaming(
        tuple(mentions),
        {k: next(iter(v)) for k, v in names.items() if len(v) == 1 and k not in v},
        {k: next(iter(v)) for k, v in entities.items() if len(v) == 1 and k not in v},
    )


def renamed_only(ann: Annotations, mentions: Sequence[Mention]) -> Renaming | None:
    """The renaming if ``mentions`` differ from the article's current ones only by name
    (same spans and labels, one new name per old name), else None."""
    if [(m.start, m.end, m.label) for m in ann.mentions] != [
        (m.start, m.end, m.label) for m in mentions
    ]:
        return None
    names: dict[str, str] = {}
    entities: dict[str, str] = {}
    for old, new in zip(ann.mentions, mentions, strict=True):
        if names.setdefault(old.canonical, new.canonical) != new.canonical:
            return None
        if entities.setdefault(old.entity, new.entity) != new.entity:
            return None
    return Renaming(
        tuple(mentions),
        {k: v for k, v in names.items() if k != v},
        {k: v for k, v in entities.items() if k != v},
    )


def raw_mentions(ann: Annotations) -> list[Mention]:
    """Stored (linked) mentions back in the form the tagger gives them, for linking again
    over a story: surface text as the name, no entity id, and without the people linking
    itself found under another name - role descriptions ("the US diplomat") and
    misspelt surnames ("Blinked said") - which linking adds again."""
    return [
        replace(m, canonical=m.text, entity="")
        for m in ann.mentions
        if m.label != "PERSON" or _names_overlap(m.text, m.canonical)
    ]


def _names_overlap(surface: str, canonical: str) -> bool:
    words = {w.lower().strip(".,'’") for w in canonical.split()}
    return any(w.lower().strip(".,'’") in words for w in surface.split())


def relink_story(
    annotations: dict[str, Annotations],
    events: dict[str, list[EventFrame]],
    articles: Sequence[Article],
    docs: Mapping[str, Any] | None = None,
    *,
    parse_missing: bool = False,
) -> tuple[list[str], list[str]]:
    """Link entities across the stored annotations of one story, in place, as the batch
    does. An article whose mentions change beyond names is annotated again with the
    story's links when its parse is at hand (``docs``: articles just analysed) or, with
    ``parse_missing``, after parsing it again; the others have the new names carried into
    their quotes, roles and event frames. Returns the ids of the articles annotated again,
    and of those that would need their parse to be (their mentions change beyond names
    but no parse is at hand)."""
    docs = docs or {}
    texts = {a.id: a.text for a in articles}
    raw = {
        a.id: find_mentions(docs[a.id]) if a.id in docs else raw_mentions(annotations[a.id])
        for a in articles
        if a.id in annotations
    }
    linked = link_entities(raw, texts)
    again: list[str] = []
    stale: list[str] = []
    for article in articles:
        ann = annotations.get(article.id)
        if ann is None:
            continue
        mentions = linked.get(article.id, list(ann.mentions))
        doc = docs.get(article.id)
        if renamed_only(ann, mentions) is None:
            # an article analysed with ``doc`` keeps its time expressions and quantities;
            # a stored one may have had them read without its parse
            earlier = ann if doc is not None else None
            if doc is None and parse_missing:
                doc = parse_one(article.text)
            if doc is not None:
                frames: dict[str, list[EventFrame]] = {}
                annotations[article.id] = annotate_one(
                    article, doc, mentions, ann.published, frames, earlier
                )
                events[article.id] = frames[article.id]
                again.append(article.id)
                continue
            stale.append(article.id)
        annotations[article.id], renamed = renaming(ann, mentions).apply(
            ann, events.get(article.id, [])
        )
        if article.id in events:
            events[article.id] = renamed
    return again, stale


def needs_parse(annotations: Mapping[str, Annotations], articles: Sequence[Article]) -> list[str]:
    """The articles of a story that :func:`relink_story` could only rename, not annotate
    again, without their parse."""
    copies = dict(annotations)
    _, stale = relink_story(copies, {}, articles)
    return stale
