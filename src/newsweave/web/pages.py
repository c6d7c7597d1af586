"""The web page: the story list and a story page, rendered from the same JSON as the API.

Templates autoescape everything: article text, titles and outlets are untrusted input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import FastAPI
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from newsweave import desk
from newsweave.store.base import Store

HERE = Path(__file__).parent
ENV = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
)
ORDERS = {"newest": "Newest", "sources": "Most sources", "conflicts": "Most conflicts"}


def add_pages(app: FastAPI, store: Store) -> None:
    @app.get("/", response_class=HTMLResponse, tags=["pages"])
    def index(order: Literal["newest", "sources", "conflicts"] = "newest") -> str:
        """The story list; JSON twin: ``/api/stories?order=...``."""
        rows = store.stories(order, 200, 0)
        return ENV.get_template("index.html").render(
            stories=rows, order=order, orders=ORDERS, twin=f"/api/stories?order={order}"
        )

    @app.get("/stories/{story_id}", response_class=HTMLResponse, tags=["pages"])
    def story(story_id: Annotated[str, PathParam(pattern=r"^[A-Za-z0-9_-]{1,80}$")]) -> str:
        """A story page; JSON twin: ``/api/stories/{id}``."""
        data = desk.story_brief(store, story_id)
        return ENV.get_template("story.html").render(**story_view(data))


def story_view(data: dict[str, Any]) -> dict[str, Any]:
    """What the story template shows, from a story brief's JSON."""
    (story,) = data["stories"]
    articles = data["articles"]
    outlets = {a["id"]: a.get("outlet") or a["id"] for a in articles}
    facts = story["facts"]
    return {
        "brief_id": data["brief_id"],
        "story": story,
        "articles": articles,
        "outlets": outlets,
        "dom": {a["id"]: f"art-{n}" for n, a in enumerate(articles)},
        "agree": [f for f in facts if f["status"] == "consensus"],
        "single": [f for f in facts if f["status"] == "single-source"],
        "disputed": [f for f in facts if f["status"] == "conflict"],
        "twin": f"/api/stories/{story['id']}",
    }
