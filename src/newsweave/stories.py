"""Building stories: group articles, anchor undated ones, reconcile sources, summarise."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from newsweave.analyze.annotate import Analysis
from newsweave.analyze.parse_worker import elsewhere
from newsweave.brief.outlook import whats_next
from newsweave.brief.people import whos_who
from newsweave.brief.summary import summarize
from newsweave.brief.summary_compress import summary_text
from newsweave.brief.timeline import build_timeline, story_span
from newsweave.cluster import Grouping, StoryDoc, group_stories
from newsweave.compare.claims import ArticleEvidence
from newsweave.compare.quotes import align_quotes
from newsweave.compare.reconcile import reconcile
from newsweave.model import Annotations, Article, Claim, Related, Story, TimelineEntry, content_id

GROUPED_LABELS = frozenset({"PERSON", "ORG", "GPE"})


@dataclass(frozen=True)
class StoryOptions:
    summary_words: int = 120
    timeline_dates: int | None = None
    timeline_sentences: int = 2
    one_story: bool = False


def story_docs(articles: Sequence[Article], analysis: Analysis) -> list[StoryDoc]:
    """What clustering reads of each article: text, date, entities, dates, durations."""
    docs: list[StoryDoc] = []
    for article in articles:
        ann = analysis.annotations.get(article.id)
        entities: tuple[str, ...] = ()
        dates: tuple[str, ...] = ()
        durations: tuple[str, ...] = ()
        if ann is not None:
            entities = tuple(
                sorted({m.canonical for m in ann.mentions if m.label in GROUPED_LABELS})
            )
            dates = tuple(sorted({t.value for t in ann.timexes if t.type == "DATE"}))
        for frame in analysis.events.get(article.id, []):
            if frame.kind == "visit" and frame.duration_s:
                durations += (f"P{round(frame.duration_s / 86400)}D",)
        docs.append(
            StoryDoc(
                id=article.id,
                text=article.text,
                title=article.title,
                published=article.published,
                entities=entities,
                dates=dates,
                durations=durations,
            )
        )
    return docs


def group(articles: Sequence[Article], analysis: Analysis, *, one_story: bool) -> Grouping:
    """Stories as lists of article ids: by INPUT with ``one_story``, else by clustering."""
    if one_story:
        keys: dict[str, list[str]] = defaultdict(list)
        for article in articles:
            keys[article.story_key or article.id].append(article.id)
        return Grouping(stories=list(keys.values()), duplicate_of={}, related=[])
    return group_stories(story_docs(articles, analysis))


def story_anchors(articles: Sequence[Article], grouping: Grouping) -> dict[str, date]:
    """For each undated article, the date of its story: the most common date of its
    dated members (the latest one on a tie)."""
    by_id = {a.id: a for a in articles}
    anchors: dict[str, date] = {}
    for ids in grouping.stories:
        counts = Counter(d for i in ids if (d := by_id[i].published) is not None)
        if not counts:
            continue
        anchor = max(counts, key=lambda d: (counts[d], d))
        for i in ids:
            if by_id[i].published is None:
                anchors[i] = anchor
    return anchors


def build_stories(
    articles: Sequence[Article],
    analysis: Analysis,
    grouping: Grouping,
    options: StoryOptions,
) -> list[Story]:
    """One :class:`Story` per group, with facts, conflicts, quotes, timeline and summary."""
    by_id = {a.id: a for a in articles}
    built: list[Story] = []
    for ids in grouping.stories:
        members = [by_id[i] for i in ids]
        built.append(_one_story(members, analysis, grouping.duplicate_of, options))
    related: dict[int, list[Related]] = defaultdict(list)
    for a, b, reason in grouping.related:
        related[a].append(Related(built[b].id, relation(built[a], built[b]), reason))
        related[b].append(Related(built[a].id, relation(built[b], built[a]), reason))
    out = []
    for n, story in enumerate(built):
        if related.get(n):
            story = replace(story, related=tuple(related[n]))
        out.append(story)
    return out


def relation(story: Story, other: Story) -> str:
    if story.span_start and other.span_start:
        if other.span_start < story.span_start:
            return "earlier-event"
        if other.span_start > story.span_start:
            return "later-event"
    return "same-kind-event"


def _one_story(
    members: Sequence[Article],
    analysis: Analysis,
    duplicate_of: Mapping[str, str],
    options: StoryOptions,
) -> Story:
    ann: dict[str, Annotations] = {a.id: analysis.annotations[a.id] for a in members}
    first = min(members, key=lambda a: (a.published or date.max, a.id))
    story_id = content_id(first.content_hash, prefix="s_")
    dups = {a.id: duplicate_of[a.id] for a in members if a.id in duplicate_of}
    evidence = [
        ArticleEvidence(
            article=a,
            mentions=ann[a.id].mentions,
            timexes=ann[a.id].timexes,
            quantities=ann[a.id].quantities,
            roles=ann[a.id].roles,
            events=analysis.events.get(a.id, []),
            quotes=ann[a.id].quotes,
            published=ann[a.id].published,
        )
        for a in members
    ]
    originals = [a for a in members if a.id not in dups]
    # the summary and the timeline are computed in the parse worker meanwhile, if it runs
    with elsewhere(
        summary_and_timeline, originals, {a.id: ann[a.id] for a in originals}, dups, options
    ) as written:
        result = reconcile(evidence, dups)
        quotes = align_quotes(
            {a.id: ann[a.id].quotes for a in members}, {a.id: a.text for a in members}
        )
        span_start, span_end = story_span(members, ann)
        outlook = whats_next(members, ann, after=span_end, duplicate_of=dups)
        people = whos_who(members, ann)
        summary_claims, timeline = written()
    return Story(
        id=story_id,
        title=_title(members),
        articles=tuple(a.id for a in members),
        summary=summary_text(summary_claims),
        summary_claims=tuple(summary_claims),
        span_start=span_start,
        span_end=span_end,
        facts=result.facts,
        conflicts=result.conflicts,
        quotes=tuple(quotes),
        timeline=tuple(timeline),
        outlook=tuple(outlook),
        people=tuple(people),
        duplicates=dups,
    )


def summary_and_timeline(
    originals: Sequence[Article],
    annotations: Mapping[str, Annotations],
    duplicate_of: Mapping[str, str],
    options: StoryOptions,
) -> tuple[list[Claim], list[TimelineEntry]]:
    """A story's summary and timeline, from its original articles (not reprints)."""
    summary = summarize(
        originals, annotations, words=options.summary_words, independent=duplicate_of
    )
    timeline = build_timeline(
        originals,
        annotations,
        max_dates=options.timeline_dates,
        max_sentences=options.timeline_sentences,
    )
    return summary, timeline


def _title(members: Sequence[Article]) -> str:
    titled = [a for a in members if a.title]
    if titled:
        best = min(titled, key=lambda a: (a.published or date.max, a.id))
        return best.title or ""
    text = members[0].text.strip().split("\n", 1)[0]
    return text if len(text) <= 120 else text[:117].rsplit(" ", 1)[0] + "..."
