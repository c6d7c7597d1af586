"""The optional summary writer: a language model behind any OpenAI-compatible endpoint
rewrites each story's extractive summary as short neutral prose.

Off by default, and nothing here touches the network unless a :class:`WriterOptions` is
given. The model sees the story's extractive summary sentences, its key points and its
disagreements, each with the numbers of its sources ([1] is the story's first article, as
in the Markdown brief), and is asked to close every sentence with its citations. Every
sentence it writes then goes through :func:`newsweave.brief.support.check`; unsupported
ones are dropped and counted. When the endpoint cannot be reached or answers something
that is not a chat completion, the story keeps its extractive summary and the report gets
a warning.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from newsweave.brief.citations import Sources
from newsweave.brief.render_markdown import key_points
from newsweave.brief.summary_compress import as_sentence
from newsweave.brief.support import Evidence, check, normalized_text
from newsweave.errors import NewsweaveError
from newsweave.model import Claim, Issue, Report, Story, WrittenSummary

ENV_URL = "NEWSWEAVE_LLM_URL"
ENV_MODEL = "NEWSWEAVE_LLM_MODEL"
ENV_KEY = "NEWSWEAVE_LLM_KEY"
ENV_TIMEOUT = "NEWSWEAVE_LLM_TIMEOUT"
DEFAULT_TIMEOUT = 60.0
MAX_ANSWER_BYTES = 1 << 20
KEY_POINTS = 20  # at most this many key points in the material

SYSTEM_PROMPT = """\
You are a news editor. You write a short, neutral summary of one news story from the
numbered material you are given, for readers who will check every sentence.
Rules:
- Use only what the material states. Add no names, numbers, dates, places, causes or
  opinions that it does not state.
- End every sentence with the numbers of the sources it draws on, in square brackets,
  exactly as the material cites them, for example: ... on Sunday [1][3].
- Where sources disagree, say so and give each side with its own citation.
- Plain prose: no title, no headings, no lists, no preamble. At most {words} words."""


class WriterSetupError(NewsweaveError):
    """The writer was asked for but cannot be set up (no endpoint, no model, bad URL)."""

    exit_code = 2


class WriterError(NewsweaveError):
    """The endpoint answered, but not with a usable chat completion."""


class WriterUnreachable(WriterError):
    """The endpoint could not be reached (refused, timed out, unknown host)."""


@dataclass(frozen=True)
class WriterOptions:
    """Where and how to reach the model. ``url`` is the API base (``.../v1``); requests go
    to ``{url}/chat/completions``."""

    url: str
    model: str
    key: str | None = None
    timeout: float = DEFAULT_TIMEOUT

    @property
    def endpoint(self) -> str:
        base = self.url.rstrip("/")
        return base if base.endswith("/chat/completions") else f"{base}/chat/completions"


def writer_options(
    url: str | None, model: str | None, env: Mapping[str, str] | None = None
) -> WriterOptions:
    """Options from the command line, completed from the environment
    (``NEWSWEAVE_LLM_URL``, ``NEWSWEAVE_LLM_MODEL``, ``NEWSWEAVE_LLM_KEY``,
    ``NEWSWEAVE_LLM_TIMEOUT``)."""
    env = os.environ if env is None else env
    url = url or env.get(ENV_URL)
    model = model or env.get(ENV_MODEL)
    if not url:
        raise WriterSetupError(f"the summary writer needs an endpoint: --writer URL or ${ENV_URL}")
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise WriterSetupError(f"the writer endpoint must be an http(s) URL, not {url!r}")
    if not model:
        raise WriterSetupError(
            f"the summary writer needs a model name: --writer-model NAME or ${ENV_MODEL}"
        )
    try:
        timeout = float(env.get(ENV_TIMEOUT) or DEFAULT_TIMEOUT)
    except ValueError as exc:
        raise WriterSetupError(f"${ENV_TIMEOUT} must be a number of seconds") from exc
    return WriterOptions(url=url, model=model, key=env.get(ENV_KEY) or None, timeout=timeout)


def complete(options: WriterOptions, messages: list[dict[str, str]]) -> str:
    """POST an OpenAI chat completion request and return the answer's text."""
    body = json.dumps(
        {"model": options.model, "messages": messages, "temperature": 0}, ensure_ascii=False
    ).encode("utf-8")
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if options.key:
        headers["Authorization"] = f"Bearer {options.key}"
    request = urllib.request.Request(options.endpoint, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=options.timeout) as response:
            raw: bytes = response.read(MAX_ANSWER_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise WriterError(f"{options.endpoint} answered HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise WriterUnreachable(f"cannot reach {options.endpoint}: {exc.reason}") from exc
    except (TimeoutError, OSError) as exc:
        raise WriterUnreachable(f"cannot reach {options.endpoint}: {exc}") from exc
    if len(raw) > MAX_ANSWER_BYTES:
        raise WriterError(f"{options.endpoint} answered more than {MAX_ANSWER_BYTES} bytes")
    return answer_text(raw, options.endpoint)


def answer_text(raw: bytes, endpoint: str) -> str:
    """The message text of a chat completion, or a :class:`WriterError` saying what is
    wrong with it."""
    try:
        data: Any = json.loads(raw.decode("utf-8"))
        content = data["choices"][0]["message"]["content"]
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, IndexError, TypeError) as exc:
        shown = raw[:120].decode("utf-8", "replace")
        raise WriterError(f"{endpoint} did not answer a chat completion: {shown!r}") from exc
    if not isinstance(content, str) or not content.strip():
        raise WriterError(f"{endpoint} answered an empty message")
    return content


@dataclass(frozen=True)
class Material:
    """What the model is shown for one story, and the evidence behind each line."""

    prompt: str
    evidence: tuple[Evidence, ...]
    sources: int


def _evidence(src: Sources, claim: Claim, extra: str = "") -> Evidence:
    parts = (
        claim.text,
        src.context(claim),
        claim.value or "",
        normalized_text(claim.normalized),
        extra,
    )
    return Evidence(claim, src.number[claim.article], tuple(p for p in parts if p))


def material(report: Report, story: Story) -> Material:
    """The numbered sources and the cited material for one story."""
    src = Sources(report, story)
    lines = [f"Story: {story.title}", "", "Sources:"]
    lines += [f"[{n}] {src.label(a)}" for n, a in enumerate(src.articles, start=1)]
    evidence: list[Evidence] = []
    known = [c for c in story.summary_claims if c.article in src.number]
    if known:
        lines += ["", "Summary sentences:"]
        for claim in known:
            lines.append(f"- {as_sentence(claim.text)} {src.cite([claim])}")
            evidence.append(_evidence(src, claim))
    facts = [f for f in key_points(story) if any(c.article in src.number for c in f.claims)]
    if facts:
        lines += ["", "Key points:"]
        for fact in facts[:KEY_POINTS]:
            agree = (
                f"{fact.independent_sources} sources agree"
                if fact.status == "consensus"
                else "one source"
            )
            lines.append(f"- {fact.summary} ({agree}) {src.cite(fact.claims)}")
            evidence += [_evidence(src, c) for c in fact.claims if c.article in src.number]
    if story.conflicts:
        lines += ["", "Where sources disagree:"]
        for conflict in story.conflicts:
            sides = "; ".join(
                f"{c.value or as_sentence(c.text)} {src.cite([c])}"
                for c in conflict.claims
                if c.article in src.number
            )
            lines.append(f"- {conflict.subject}: {sides}")
            evidence += [
                _evidence(src, c, conflict.subject)
                for c in conflict.claims
                if c.article in src.number
            ]
    return Material("\n".join(lines), tuple(evidence), len(src.articles))


def messages(shown: Material, words: int) -> list[dict[str, str]]:
    return [
        {"role": "system", "content": SYSTEM_PROMPT.format(words=words)},
        {"role": "user", "content": shown.prompt},
    ]


def write_story(
    report: Report, story: Story, options: WriterOptions, words: int = 120
) -> WrittenSummary | None:
    """The checked written summary of one story (None when there is nothing to write
    from). Raises :class:`WriterError` when the endpoint fails."""
    shown = material(report, story)
    if not shown.evidence:
        return None
    answer = complete(options, messages(shown, words))
    checked = check(answer, shown.evidence, shown.sources)
    return WrittenSummary(options.model, checked.kept, checked.dropped)


def write_report(report: Report, options: WriterOptions, words: int = 120) -> Report:
    """Every story with its written summary; failures become warnings and leave the
    extractive summary in place. An unreachable endpoint is not asked again."""
    stories: list[Story] = []
    issues = list(report.issues)
    reachable = True
    for story in report.stories:
        written = None
        if reachable:
            try:
                written = write_story(report, story, options, words)
            except WriterUnreachable as exc:
                reachable = False
                issues.append(
                    Issue("writer", "warning", "writer-unreachable", f"{exc}; {_KEPT_ALL}")
                )
            except WriterError as exc:
                issues.append(
                    Issue(f"story {story.id}", "warning", "writer-failed", f"{exc}; {_KEPT}")
                )
        if written is not None and not written.sentences:
            issues.append(
                Issue(
                    f"story {story.id}",
                    "warning",
                    "writer-unsupported",
                    f"none of the {len(written.dropped)} written sentences is supported by "
                    f"the claims it cites; {_KEPT}",
                )
            )
        stories.append(story if written is None else replace(story, written=written))
    return replace(report, stories=tuple(stories), issues=tuple(issues))


_KEPT = "the extractive summary is kept"
_KEPT_ALL = "the extractive summaries are kept"
