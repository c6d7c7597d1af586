"""The HTTP API and the web page, one FastAPI app over one store.

JSON lives under ``/api``; every page has its JSON twin there (``/`` and
``/api/stories``, ``/stories/{id}`` and ``/api/stories/{id}``). Every error, from any
route, is ``{"error": {"status", "code", "message"}}``.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import BackgroundTasks, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsweave import desk
from newsweave.errors import InputError, NewsweaveError
from newsweave.store.base import Store
from newsweave.web.limits import BodyLimit, envelope
from newsweave.web.models import ArticlesIn
from newsweave.web.pages import add_pages

HERE = Path(__file__).parent
ID = r"^[A-Za-z0-9_-]{1,80}$"
StoryId = Annotated[str, PathParam(pattern=ID, description="a story id (s_...)")]
Order = Literal["newest", "sources", "conflicts"]


class Desk:
    """The store and the lock that keeps one writer at a time."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.write = threading.Lock()

    def refresh(self) -> None:
        """Rebuild the stories an add left pending (after its answer was sent), one at a
        time under the write lock, so that an add arriving meanwhile waits for one."""
        desk.refresh_stories(self.store, lock=self.write)


def create_app(store: Store) -> FastAPI:
    app = FastAPI(
        title="newsweave",
        version="1",
        description="Stories, cited briefs, what changed since a brief, search and ingest.",
    )
    state = Desk(store)
    app.state.desk = state
    _errors(app)
    _api(app, state)
    add_pages(app, state.store)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(BodyLimit)
    return app


def _errors(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
        return JSONResponse(envelope(exc.status_code, code, str(exc.detail)), exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        message = f"{where}: {first.get('msg', 'invalid request')}"
        return JSONResponse(envelope(422, "invalid-request", message), 422)

    @app.exception_handler(desk.NotFoundError)
    async def not_found(request: Request, exc: desk.NotFoundError) -> JSONResponse:
        return JSONResponse(envelope(404, "not-found", str(exc)), 404)

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError) -> JSONResponse:
        return JSONResponse(envelope(400, "bad-input", str(exc)), 400)

    @app.exception_handler(NewsweaveError)
    async def failed(request: Request, exc: NewsweaveError) -> JSONResponse:
        return JSONResponse(envelope(500, "internal", str(exc)), 500)


def _api(app: FastAPI, state: Desk) -> None:
    store = state.store

    @app.get("/api/stories", tags=["stories"])
    def stories(
        order: Order = "newest",
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        """The story list (the JSON twin of ``/``)."""
        rows = store.stories(order, limit, offset)
        return {"order": order, "stories": [vars(r) for r in rows]}

    @app.get("/api/stories/{story_id}", tags=["stories"])
    def story(
        story_id: StoryId, since: Annotated[str | None, Query(pattern=ID)] = None
    ) -> dict[str, Any]:
        """A story's brief as report JSON (the twin of ``/stories/{id}``); ``since`` adds
        ``changes`` since that brief."""
        return desk.story_brief(store, story_id, since)

    @app.get("/api/stories/{story_id}/brief.{fmt}", tags=["stories"], response_model=None)
    def story_brief(story_id: StoryId, fmt: Literal["json", "md", "html"]) -> Response:
        """A story's brief rendered as JSON, Markdown or HTML."""
        report = desk.story_report(store, story_id)
        if fmt == "json":
            return JSONResponse(desk.story_brief(store, story_id))
        if fmt == "md":
            from newsweave.brief.render_markdown import render_markdown

            return PlainTextResponse(render_markdown(report), media_type="text/markdown")
        from newsweave.brief.render_html import render_html

        return HTMLResponse(render_html(report))

    @app.get("/api/brief", tags=["briefs"])
    def brief(since: Annotated[str | None, Query(pattern=ID)] = None) -> dict[str, Any]:
        """The brief of everything the store holds, saved with an id; ``since`` adds
        ``changes``."""
        return desk.store_brief(store, since)[1]

    @app.get("/api/briefs/{brief_id}", tags=["briefs"])
    def saved_brief(brief_id: Annotated[str, PathParam(pattern=ID)]) -> dict[str, Any]:
        """A saved brief (article texts left out)."""
        saved = store.saved_brief(brief_id)
        if saved is None:
            raise HTTPException(404, f"no brief {brief_id!r} in the store")
        return {"id": saved.id, "scope": saved.scope, "created_at": saved.created_at} | {
            "brief": saved.data
        }

    @app.get("/api/search", tags=["search"])
    def search(
        q: Annotated[str, Query(min_length=1, max_length=500)],
        kind: Annotated[list[str] | None, Query()] = None,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        entity: str | None = None,
        story: Annotated[str | None, Query(pattern=ID)] = None,
        limit: Annotated[int, Query(ge=1, le=desk.MAX_HITS)] = 20,
    ) -> dict[str, Any]:
        """Full-text search over articles, facts and quotes; hits cite their evidence."""
        query = desk.search_query(
            q,
            kinds=kind,
            since=since,
            until=until,
            outlet=outlet,
            entity=entity,
            story=story,
            limit=limit,
        )
        return {"query": q, "hits": [desk.hit_dict(h) for h in store.search(query)]}

    @app.post("/api/articles", tags=["ingest"], status_code=200)
    def post_articles(body: ArticlesIn, tasks: BackgroundTasks) -> dict[str, Any]:
        """Add articles; each joins or starts a story whose brief is rebuilt and saved
        before the answer. Other stories the placement changed are rebuilt right after."""
        raws = [a.raw(n) for n, a in enumerate(body.articles, start=1)]
        with state.write:
            result = desk.add_raw(store, raws, refresh=False)
        tasks.add_task(state.refresh)
        return {
            "added": [vars(a) | {"merged": list(a.merged)} for a in result.added],
            "counts": result.counts(),
            "issues": [vars(i) for i in result.issues],
        }


def serve(db: str | None, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the app with uvicorn until interrupted."""
    import uvicorn

    from newsweave.analyze import parse_worker

    store = desk.open_store(db)
    parse_worker.start()  # an added article is parsed on two cores
    desk.ready_for_adds(store)
    try:
        uvicorn.run(create_app(store), host=host, port=port, log_level="info")
    finally:
        parse_worker.stop()
        store.close()
