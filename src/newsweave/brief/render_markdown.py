"""The readable brief for a terminal: Markdown, every line cited to numbered sources."""

from __future__ import annotations

from newsweave.brief.citations import Sources, by_value
from newsweave.brief.summary_compress import as_sentence
from newsweave.model import Fact, Report, Story, WrittenSummary

STATUS_ORDER = {"consensus": 0, "conflict": 1, "single-source": 2}
# What happened comes before who holds which title.
KIND_ORDER = {"date": 0, "place": 1, "duration": 2, "count": 3, "number": 3, "attribution": 4}


def key_points(story: Story) -> list[Fact]:
    """Facts sources do not dispute: consensus first, then events before titles, then the
    most widely reported."""
    return sorted(
        (f for f in story.facts if f.status != "conflict"),
        key=lambda f: (
            STATUS_ORDER[f.status],
            KIND_ORDER.get(f.kind, 5),
            -f.independent_sources,
            f.summary,
        ),
    )


def render_markdown(report: Report) -> str:
    lines: list[str] = []
    n = len(report.stories)
    lines.append(
        f"# newsweave brief: {n} stor{'y' if n == 1 else 'ies'}, {len(report.articles)} articles"
    )
    lines.append("")
    for story in report.stories:
        lines.extend(story_markdown(report, story))
    skipped = [i for i in report.issues if i.level == "error"]
    warnings = [i for i in report.issues if i.level == "warning"]
    if skipped or warnings:
        lines.append("## Inputs skipped or with warnings")
        lines.append("")
        for issue in skipped + warnings:
            lines.append(f"- **{issue.level}** `{issue.source}` ({issue.code}): {issue.message}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def story_markdown(report: Report, story: Story) -> list[str]:
    src = Sources(report, story)
    independent = len(src.articles) - len(story.duplicates)
    lines = [f"## {story.title}", ""]
    span = _span(story)
    meta = f"{len(src.articles)} articles, {independent} independent sources"
    lines.append(f"*{span + ' · ' if span else ''}{meta}* · story `{story.id}`")
    lines.append("")
    written = story.written
    if written is not None and written.sentences:
        lines.append("### Summary")
        lines.append("")
        lines.append(" ".join(f"{s.text} {src.cite(s.claims)}" for s in written.sentences))
        lines.append("")
        lines.append(f"*{writer_note(written)}*")
        lines.append("")
    elif story.summary_claims:
        lines.append("### Summary")
        lines.append("")
        lines.append(
            " ".join(f"{as_sentence(c.text)} {src.cite([c])}" for c in story.summary_claims)
        )
        lines.append("")
    facts = key_points(story)
    if facts:
        lines.append("### Key points")
        lines.append("")
        for fact in facts:
            tag = (
                f"{fact.independent_sources} sources agree"
                if fact.status == "consensus"
                else "single source"
            )
            lines.append(f"- {fact.summary} {src.cite(fact.claims)} *({tag})*")
        lines.append("")
    if story.conflicts:
        lines.append("### Where sources disagree")
        lines.append("")
        for conflict in story.conflicts:
            lines.append(f"- **{conflict.subject}** ({conflict.severity} {conflict.kind} conflict)")
            for value, claims in by_value(conflict.claims):
                label = f"**{value}**: " if value else ""
                lines.append(f"  - {label}“{_clip(src.context(claims[0]))}” {src.cite(claims)}")
        lines.append("")
    if story.timeline:
        lines.append("### Timeline")
        lines.append("")
        for entry in story.timeline:
            background = (
                " *(background)*"
                if story.span_start and entry.date < story.span_start[: len(entry.date)]
                else ""
            )
            lines.append(
                f"- **{entry.date}**{background}: {_clip(entry.summary)} {src.cite(entry.claims)}"
            )
        lines.append("")
    if story.outlook:
        lines.append("### What's next")
        lines.append("")
        for item in story.outlook:
            when = f"**{item.when}**: " if item.when else ""
            lines.append(f"- {when}{_clip(item.summary)} {src.cite(item.claims)}")
        lines.append("")
    if story.people:
        lines.append("### Who's who")
        lines.append("")
        for person in story.people:
            roles = "; ".join(f"{r.role} {src.cite(r.claims)}" for r in person.roles)
            lines.append(
                f"- **{person.name}** ({person.kind}, {person.articles} of "
                f"{len(src.articles)} articles){': ' + roles if roles else ''}"
            )
        lines.append("")
    if story.quotes:
        lines.append("### Who said what")
        lines.append("")
        for quote in story.quotes:
            cites = src.cite([*quote.variants]) if quote.variants else ""
            first = f"[{src.number.get(quote.article, '?')}]"
            speaker = quote.speaker or "unattributed"
            extra = f" (also {cites})" if cites else ""
            lines.append(f"- **{speaker}**: “{_clip(quote.text)}” {first}{extra}")
        lines.append("")
    if story.related:
        lines.append("### Related stories")
        lines.append("")
        for rel in story.related:
            lines.append(f"- `{rel.story}` ({rel.relation}): {rel.reason}")
        lines.append("")
    lines.append("### Sources")
    lines.append("")
    for n, article in enumerate(src.articles, start=1):
        lines.append(f"{n}. {src.label(article)}")
    lines.append("")
    return lines


def writer_note(written: WrittenSummary) -> str:
    """Who wrote the summary and how many of its sentences the support check dropped."""
    kept, dropped = len(written.sentences), len(written.dropped)
    note = f"Written by {written.model}; each sentence checked against the claims it cites"
    if dropped:
        note += f" ({dropped} of {kept + dropped} sentences dropped as unsupported)"
    return note + "."


def _span(story: Story) -> str:
    if not story.span_start:
        return ""
    if story.span_end and story.span_end != story.span_start:
        return f"{story.span_start} to {story.span_end}"
    return story.span_start


def _clip(text: str, limit: int = 400) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
