"""A self-contained HTML brief. All article text is escaped: articles are untrusted input."""

from __future__ import annotations

from html import escape

from newsweave.brief.citations import Sources, by_value
from newsweave.brief.render_markdown import key_points, writer_note
from newsweave.brief.summary_compress import as_sentence
from newsweave.model import Claim, Report, Story

CSS = """
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem}h2{border-top:2px solid #ddd;padding-top:1rem}
.meta{color:#666}.tag{font-size:.8rem;padding:0 .4rem;border-radius:.3rem;background:#eee}
.consensus{background:#dff3e0}.single-source{background:#f3f0df}.conflict{background:#f8dede}
.claims{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:.6rem}
.claims blockquote{margin:0;padding:.5rem;border-left:4px solid #c44;background:#fafafa}
a.cite{text-decoration:none;font-size:.85rem}
details pre{white-space:pre-wrap;font:14px/1.45 Georgia,serif;background:#fcfcfc;padding:1rem}
mark{background:#fff3a0}
"""


def render_html(report: Report) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>newsweave brief: {len(report.stories)} stories</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>newsweave brief: {len(report.stories)} stories, {len(report.articles)} articles</h1>",
    ]
    for story in report.stories:
        parts.append(_story(report, story))
    skipped = list(report.issues)
    if skipped:
        parts.append("<h2>Inputs skipped or with warnings</h2><ul>")
        for issue in skipped:
            parts.append(
                f"<li><b>{escape(issue.level)}</b> <code>{escape(issue.source)}</code> "
                f"({escape(issue.code)}): {escape(issue.message)}</li>"
            )
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _cite(src: Sources, story: Story, claims: list[Claim]) -> str:
    links = []
    for n in sorted({src.number[c.article] for c in claims if c.article in src.number}):
        links.append(f'<a class="cite" href="#{story.id}-a{n}">[{n}]</a>')
    return "".join(links)


def _story(report: Report, story: Story) -> str:
    src = Sources(report, story)
    out = [f'<section id="{escape(story.id)}"><h2>{escape(story.title)}</h2>']
    independent = len(src.articles) - len(story.duplicates)
    span = story.span_start or ""
    if story.span_end and story.span_end != story.span_start:
        span += f" to {story.span_end}"
    out.append(
        f'<p class="meta">{escape(span)} · {len(src.articles)} articles, '
        f"{independent} independent sources</p>"
    )
    written = story.written
    if written is not None and written.sentences:
        out.append("<h3>Summary</h3><p>")
        out.append(
            " ".join(
                f"{escape(s.text)} {_cite(src, story, list(s.claims))}" for s in written.sentences
            )
        )
        out.append(f'</p><p class="meta">{escape(writer_note(written))}</p>')
    elif story.summary_claims:
        out.append("<h3>Summary</h3><p>")
        out.append(
            " ".join(
                f"{escape(as_sentence(c.text))} {_cite(src, story, [c])}"
                for c in story.summary_claims
            )
        )
        out.append("</p>")
    facts = key_points(story)
    if facts:
        out.append("<h3>Key points</h3><ul>")
        for fact in facts:
            out.append(
                f'<li><span class="tag {fact.status}">{fact.status}, '
                f"{fact.independent_sources} source(s)</span> {escape(fact.summary)} "
                f"{_cite(src, story, list(fact.claims))}</li>"
            )
        out.append("</ul>")
    if story.conflicts:
        out.append("<h3>Where sources disagree</h3>")
        for conflict in story.conflicts:
            out.append(
                f'<h4><span class="tag conflict">{conflict.severity}</span> '
                f'{escape(conflict.subject)}</h4><div class="claims">'
            )
            for value, claims in by_value(conflict.claims):
                out.append(
                    f"<blockquote><b>{escape(value)}</b><br>{escape(src.context(claims[0]))} "
                    f"{_cite(src, story, claims)}</blockquote>"
                )
            out.append("</div>")
    if story.timeline:
        out.append("<h3>Timeline</h3><ul>")
        for entry in story.timeline:
            out.append(
                f"<li><b>{escape(entry.date)}</b>: {escape(entry.summary)} "
                f"{_cite(src, story, list(entry.claims))}</li>"
            )
        out.append("</ul>")
    if story.outlook:
        out.append("<h3>What's next</h3><ul>")
        for item in story.outlook:
            when = f"<b>{escape(item.when)}</b>: " if item.when else ""
            out.append(
                f"<li>{when}{escape(item.summary)} {_cite(src, story, list(item.claims))}</li>"
            )
        out.append("</ul>")
    if story.people:
        out.append("<h3>Who's who</h3><ul>")
        for person in story.people:
            roles = "; ".join(
                f"{escape(r.role)} {_cite(src, story, list(r.claims))}" for r in person.roles
            )
            out.append(
                f"<li><b>{escape(person.name)}</b> ({escape(person.kind)}, {person.articles} "
                f"of {len(src.articles)} articles){': ' + roles if roles else ''}</li>"
            )
        out.append("</ul>")
    if story.quotes:
        out.append("<h3>Who said what</h3><ul>")
        for quote in story.quotes:
            cites = _cite(src, story, [Claim(quote.article, quote.start, quote.end, quote.text)])
            also = _cite(src, story, list(quote.variants))
            out.append(
                f"<li><b>{escape(quote.speaker or 'unattributed')}</b>: “{escape(quote.text)}” "
                f"{cites}{' also ' + also if also else ''}</li>"
            )
        out.append("</ul>")
    if story.related:
        out.append("<h3>Related stories</h3><ul>")
        for rel in story.related:
            out.append(
                f'<li><a href="#{escape(rel.story)}">{escape(rel.story)}</a> '
                f"({escape(rel.relation)}): {escape(rel.reason)}</li>"
            )
        out.append("</ul>")
    out.append("<h3>Sources</h3><ol>")
    for n, article in enumerate(src.articles, start=1):
        out.append(
            f'<li id="{story.id}-a{n}">{escape(src.label(article))}'
            f"<details><summary>article text</summary><pre>{escape(article.text)}</pre>"
            "</details></li>"
        )
    out.append("</ol></section>")
    return "\n".join(out)
