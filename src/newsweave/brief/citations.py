"""Numbered sources ([1], [2], ...) shared by the Markdown and HTML briefs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from newsweave.model import Article, Claim, Report, Story


class Sources:
    """The numbering of one story's articles, in the story's order."""

    def __init__(self, report: Report, story: Story) -> None:
        self.report = report
        self.articles: list[Article] = [report.article(i) for i in story.articles]
        self.number = {a.id: n for n, a in enumerate(self.articles, start=1)}
        self.duplicates = story.duplicates

    def cite(self, claims: Iterable[Claim]) -> str:
        numbers = sorted({self.number[c.article] for c in claims if c.article in self.number})
        return "".join(f"[{n}]" for n in numbers)

    def context(self, claim: Claim) -> str:
        """The claim's sentence when the evidence is only a value ("12 crew members"), so a
        reader sees what it is said about; the evidence itself otherwise."""
        ann = self.report.annotations.get(claim.article)
        if ann is None or len(claim.text) > 60:
            return claim.text
        for sent in ann.sentences:
            if sent.start <= claim.start and claim.end <= sent.end:
                return self.report.article(claim.article).text[sent.start : sent.end]
        return claim.text

    def label(self, article: Article) -> str:
        parts = [article.outlet or "unknown outlet"]
        parts.append(article.published.isoformat() if article.published else "undated")
        if article.title:
            parts.append(f"“{article.title}”")
        line = ", ".join(parts) + f" ({article.id})"
        original = self.duplicates.get(article.id)
        if original:
            line += f" - reprint of [{self.number.get(original, '?')}]"
        return line


def by_value(claims: Sequence[Claim]) -> list[tuple[str, list[Claim]]]:
    """Claims grouped by the value they state, in first-seen order: each side of a conflict
    once, with every source that states it."""
    groups: dict[str, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(claim.value or "", []).append(claim)
    return list(groups.items())
