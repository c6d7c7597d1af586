"""The JSON report (``newsweave.report/1``) and the annotation stream, as plain dicts."""

from __future__ import annotations

import json
from typing import Any

from newsweave.brief.summary_compress import summary_text
from newsweave.model import (
    SCHEMA,
    Annotations,
    Article,
    Claim,
    Conflict,
    Fact,
    Issue,
    Report,
    Story,
    StoryQuote,
    TimelineEntry,
    WrittenSummary,
)


def claim_dict(claim: Claim) -> dict[str, Any]:
    out: dict[str, Any] = {
        "article": claim.article,
        "start": claim.start,
        "end": claim.end,
        "text": claim.text,
    }
    if claim.value is not None:
        out["value"] = claim.value
    if claim.normalized:
        out["normalized"] = claim.normalized
    return out


def article_dict(article: Article, duplicate_of: str | None) -> dict[str, Any]:
    return {
        "id": article.id,
        "source": article.source,
        "outlet": article.outlet,
        "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "title": article.title,
        "text": article.text,
        "removed": [
            {
                "start": r.start,
                "end": r.end,
                "reason": r.reason,
                "text": article.raw[r.start : r.end],
            }
            for r in article.removed
        ],
        "duplicate_of": duplicate_of,
        "warnings": list(article.warnings),
    }


def fact_dict(fact: Fact) -> dict[str, Any]:
    return {
        "id": fact.id,
        "kind": fact.kind,
        "summary": fact.summary,
        "status": fact.status,
        "independent_sources": fact.independent_sources,
        "claims": [claim_dict(c) for c in fact.claims],
    }


def conflict_dict(conflict: Conflict) -> dict[str, Any]:
    return {
        "id": conflict.id,
        "kind": conflict.kind,
        "subject": conflict.subject,
        "severity": conflict.severity,
        "claims": [claim_dict(c) for c in conflict.claims],
    }


def quote_dict(quote: StoryQuote) -> dict[str, Any]:
    return {
        "id": quote.id,
        "speaker": quote.speaker,
        "text": quote.text,
        "article": quote.article,
        "start": quote.start,
        "end": quote.end,
        "variants": [claim_dict(v) for v in quote.variants],
    }


def timeline_dict(entry: TimelineEntry) -> dict[str, Any]:
    return {
        "date": entry.date,
        "summary": entry.summary,
        "claims": [claim_dict(c) for c in entry.claims],
    }


def written_dict(written: WrittenSummary) -> dict[str, Any]:
    """The summary writer's record: its model, the kept sentences with their citations and
    evidence, and the dropped ones with the reason."""
    return {
        "model": written.model,
        "used": bool(written.sentences),
        "kept": len(written.sentences),
        "dropped": len(written.dropped),
        "sentences": [
            {
                "text": s.text,
                "citations": list(s.citations),
                "claims": [claim_dict(c) for c in s.claims],
            }
            for s in written.sentences
        ],
        "dropped_sentences": [{"text": d.text, "reason": d.reason} for d in written.dropped],
    }


def story_summary(story: Story) -> str:
    """The story's summary: the written one when the writer kept a sentence, else the
    extractive one."""
    if story.written is not None and story.written.sentences:
        return " ".join(s.text for s in story.written.sentences)
    return summary_text(story.summary_claims) if story.summary_claims else story.summary


def story_dict(story: Story) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": story.id,
        "title": story.title,
        "articles": list(story.articles),
        "summary": story_summary(story),
        "summary_claims": [claim_dict(c) for c in story.summary_claims],
        "span": {"start": story.span_start, "end": story.span_end},
        "facts": [fact_dict(f) for f in story.facts],
        "conflicts": [conflict_dict(c) for c in story.conflicts],
        "quotes": [quote_dict(q) for q in story.quotes],
        "timeline": [timeline_dict(t) for t in story.timeline],
        "related": [
            {"story": r.story, "relation": r.relation, "reason": r.reason} for r in story.related
        ],
        "whats_next": [
            {"summary": o.summary, "when": o.when, "claims": [claim_dict(c) for c in o.claims]}
            for o in story.outlook
        ],
        "people": [
            {
                "name": p.name,
                "entity": p.entity,
                "kind": p.kind,
                "mentions": p.mentions,
                "articles": p.articles,
                "roles": [
                    {"role": r.role, "claims": [claim_dict(c) for c in r.claims]} for r in p.roles
                ],
            }
            for p in story.people
        ],
        "duplicates": dict(story.duplicates),
    }
    if story.written is not None:
        out["summary_writer"] = written_dict(story.written)
    return out


def issue_dict(issue: Issue) -> dict[str, Any]:
    return {
        "source": issue.source,
        "level": issue.level,
        "code": issue.code,
        "message": issue.message,
    }


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as the contract's JSON object."""
    duplicate_of: dict[str, str] = {}
    for story in report.stories:
        duplicate_of.update(story.duplicates)
    out: dict[str, Any] = {"schema": SCHEMA, "generated_at": report.generated_at}
    if report.brief_id is not None:
        out["brief_id"] = report.brief_id
    out["articles"] = [article_dict(a, duplicate_of.get(a.id)) for a in report.articles]
    out["stories"] = [story_dict(s) for s in report.stories]
    out["skipped"] = [issue_dict(i) for i in report.issues if i.level == "error"]
    out["warnings"] = [issue_dict(i) for i in report.issues if i.level == "warning"]
    return out


def render_json(report: Report) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n"


def annotation_dict(article: Article, ann: Annotations) -> dict[str, Any]:
    """One line of the annotation stream (``newsweave analyze --format jsonl``)."""
    return {
        "id": article.id,
        "published": ann.published.isoformat() if ann.published else None,
        "published_given": article.published is not None,
        "outlet": article.outlet,
        "title": article.title,
        "text": article.text,
        "sentences": [[s.start, s.end] for s in ann.sentences],
        "entities": [
            {
                "start": m.start,
                "end": m.end,
                "label": m.label,
                "text": m.text,
                "canonical": m.canonical,
                "entity": m.entity,
            }
            for m in ann.mentions
        ],
        "timexes": [
            {"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value}
            | ({"mod": t.mod} if t.mod else {})
            for t in ann.timexes
        ],
        "quotes": [
            {
                "start": q.start,
                "end": q.end,
                "text": q.text,
                "speaker": q.speaker,
                "speaker_start": q.speaker_start,
                "speaker_end": q.speaker_end,
            }
            for q in ann.quotes
        ],
        "quantities": [
            {
                "start": q.start,
                "end": q.end,
                "text": q.text,
                "kind": q.kind,
                "value": q.value,
                "unit": q.unit,
                "approx": q.approx,
                "low": q.low,
                "high": q.high,
            }
            for q in ann.quantities
        ],
        "roles": [
            {"start": r.start, "end": r.end, "person": r.person, "entity": r.entity, "role": r.role}
            for r in ann.roles
        ],
    }
