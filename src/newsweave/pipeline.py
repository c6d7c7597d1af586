"""The public pipeline: read -> clean -> analyze -> group -> reconcile -> report.

The CLI and the web layer call these functions and nothing deeper.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from newsweave.analyze.annotate import Analysis, analyze, relink
from newsweave.errors import InputError
from newsweave.ingest.sources import DEFAULT_MAX_BYTES, read_inputs
from newsweave.model import Article, Issue, RawArticle, Report
from newsweave.prepare import prepare
from newsweave.stories import StoryOptions, build_stories, group, story_anchors

if TYPE_CHECKING:
    from newsweave.brief.writer import WriterOptions

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)``."""


@dataclass(frozen=True)
class Options:
    clean: bool = True
    one_story: bool = False
    summary_words: int = 120
    timeline_dates: int | None = None
    timeline_sentences: int = 2
    max_bytes: int = DEFAULT_MAX_BYTES
    processes: int = 1  # spaCy worker processes for parsing
    writer: WriterOptions | None = None  # the optional LLM summary writer (network)


@dataclass
class Prepared:
    """Clean articles and the problems met on the way."""

    articles: list[Article] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


def load(
    inputs: Iterable[str], options: Options | None = None, progress: Progress | None = None
) -> Prepared:
    """Read and clean every input; bad inputs become issues, the rest go on."""
    options = options or Options()
    loaded = read_inputs(inputs, one_story=options.one_story, max_bytes=options.max_bytes)
    return prepare_all(loaded.articles, loaded.issues, options, progress)


def prepare_all(
    raws: Sequence[RawArticle],
    issues: Sequence[Issue] = (),
    options: Options | None = None,
    progress: Progress | None = None,
) -> Prepared:
    options = options or Options()
    out = Prepared(issues=list(issues))
    for n, raw in enumerate(raws, start=1):
        try:
            article = prepare(raw, clean=options.clean)
        except InputError as exc:  # a missing extra is not the article's fault: it propagates
            out.issues.append(Issue(raw.source, "error", "no-article", str(exc)))
            continue
        out.articles.append(article)
        out.issues.extend(Issue(raw.source, "warning", "degraded", w) for w in article.warnings)
        if progress:
            progress("clean", n, len(raws))
    return out


def annotate(
    articles: Sequence[Article], progress: Progress | None = None, processes: int = 1
) -> Analysis:
    """Annotate articles on their own (the annotation stream), without grouping."""
    total = len(articles)
    done = [0]

    def tick(k: int) -> None:
        done[0] += k
        if progress:
            progress("analyze", done[0], total)

    return analyze(articles, progress=tick, processes=processes)


def annotate_anchored(
    articles: Sequence[Article], progress: Progress | None = None, processes: int = 1
) -> Analysis:
    """Annotate articles; undated ones are then re-anchored on the date of their story,
    so "Sunday" in an undated report resolves like it does in its dated siblings."""
    analysis = annotate(articles, progress, processes)
    grouping = group(articles, analysis, one_story=False)
    relink(analysis, articles, grouping.stories, story_anchors(articles, grouping))
    return analysis


def report_from(
    prepared: Prepared, options: Options | None = None, progress: Progress | None = None
) -> Report:
    """Group, reconcile and brief already-prepared articles."""
    options = options or Options()
    articles = prepared.articles
    analysis = annotate(articles, progress, options.processes)
    grouping = group(articles, analysis, one_story=options.one_story)
    relink(analysis, articles, grouping.stories, story_anchors(articles, grouping))
    story_options = StoryOptions(
        summary_words=options.summary_words,
        timeline_dates=options.timeline_dates,
        timeline_sentences=options.timeline_sentences,
        one_story=options.one_story,
    )
    stories = build_stories(articles, analysis, grouping, story_options)
    if progress:
        progress("stories", len(stories), len(stories))
    report = Report(
        generated_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        articles=tuple(articles),
        stories=tuple(stories),
        issues=tuple(prepared.issues),
        annotations=analysis.annotations,
        events=analysis.events,
    )
    if options.writer is not None:
        from newsweave.brief.writer import write_report

        report = write_report(report, options.writer, options.summary_words)
    return report


def brief(
    inputs: Iterable[str | Path],
    options: Options | None = None,
    progress: Progress | None = None,
) -> Report:
    """Read INPUTs (files, folders, ``-``) and return the full report."""
    options = options or Options()
    prepared = load([str(i) for i in inputs], options, progress)
    return report_from(prepared, options, progress)


def with_brief_id(report: Report, brief_id: str) -> Report:
    return replace(report, brief_id=brief_id)
