"""Request bodies of the HTTP API (what ``POST /api/articles`` accepts)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from newsweave.ingest.decode import normalize_newlines
from newsweave.ingest.sources import parse_date
from newsweave.model import RawArticle, content_id
from newsweave.web.limits import MAX_ARTICLES


class ArticleIn(BaseModel):
    """One article, as in a ``.json`` input file: ``text`` or ``html`` is required."""

    id: str | None = Field(default=None, max_length=300)
    text: str | None = None
    html: str | None = None
    outlet: str | None = Field(default=None, max_length=300)
    url: str | None = Field(default=None, max_length=2000)
    published: str | None = Field(default=None, max_length=40, examples=["2026-03-15"])
    title: str | None = Field(default=None, max_length=1000)

    def raw(self, n: int) -> RawArticle:
        body = self.text or self.html or ""
        return RawArticle(
            id=self.id or content_id(body, prefix="api_"),
            source=f"POST /api/articles#{n}",
            text=normalize_newlines(self.text) if self.text and self.text.strip() else None,
            html=self.html if self.html and self.html.strip() else None,
            outlet=self.outlet,
            url=self.url,
            published=parse_date(self.published) if self.published else None,
            title=self.title,
        )


class ArticlesIn(BaseModel):
    articles: list[ArticleIn] = Field(min_length=1, max_length=MAX_ARTICLES)
