"""The HTTP API and pages, served by a real uvicorn server on a free localhost port."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES
from newsweave import desk
from newsweave.store.sqlite import SqliteStore

uvicorn = pytest.importorskip("uvicorn", reason="the 'web' extra is not installed")

DEMO = EXAMPLES / "harbour-summit"
EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """uvicorn in a thread; ``url`` once it accepts connections."""

    def __init__(self, db: Path) -> None:
        from newsweave.web.app import create_app

        self.store = SqliteStore(db)
        port = _free_port()
        config = uvicorn.Config(
            create_app(self.store), host="127.0.0.1", port=port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = f"http://127.0.0.1:{port}"

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.store.close()


def serve_demo(folder: Path) -> Server:
    with SqliteStore(folder / "desk.db") as store:
        desk.add_inputs(store, [str(DEMO)])
    return Server(folder / "desk.db")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with serve_demo(tmp_path_factory.mktemp("web")) as running:
        yield running


def call(
    server: Server, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, str, str]:
    """(status, content type, body text) of one request."""
    request = urllib.request.Request(server.url + path, data=body, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers["content-type"], response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["content-type"], exc.read().decode()


def raw_post(server: Server, path: str, declared: int) -> tuple[str, str]:
    """Announce a body of ``declared`` bytes and read the answer before sending any."""
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {declared}\r\n\r\n".encode()
        )
        data = b""
        while b"\r\n\r\n" not in data or not data.rstrip().endswith(b"}"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.decode().partition("\r\n\r\n")
    return head, body


def get_json(server: Server, path: str) -> Any:
    status, kind, text = call(server, path)
    assert status == 200 and kind.startswith("application/json"), (status, text)
    return json.loads(text)


def post_json(server: Server, path: str, payload: Any) -> tuple[int, Any]:
    body = json.dumps(payload).encode()
    status, _, text = call(server, path, body, {"Content-Type": "application/json"})
    return status, json.loads(text)


def summit_id(server: Server) -> str:
    rows = get_json(server, "/api/stories?order=sources")["stories"]
    return str(rows[0]["id"])


def test_story_list_and_its_twin(server: Server) -> None:
    rows = get_json(server, "/api/stories")["stories"]
    assert [r["articles"] for r in rows] == [5, 1]
    status, kind, page = call(server, "/")
    assert status == 200 and kind.startswith("text/html")
    assert 'href="/api/stories?order=newest"' in page
    for row in rows:
        assert f'href="/stories/{row["id"]}"' in page
    by_conflicts = get_json(server, "/api/stories?order=conflicts")["stories"]
    assert by_conflicts[0]["conflicts"] >= by_conflicts[-1]["conflicts"]


def test_story_json_is_a_report_with_a_brief_id(server: Server) -> None:
    data = get_json(server, f"/api/stories/{summit_id(server)}")
    assert data["schema"] == "newsweave.report/1" and data["brief_id"].startswith("b_")
    (story,) = data["stories"]
    texts = {a["id"]: a["text"] for a in data["articles"]}
    for conflict in story["conflicts"]:
        for claim in conflict["claims"]:
            assert texts[claim["article"]][claim["start"] : claim["end"]] == claim["text"]
    saved = get_json(server, f"/api/briefs/{data['brief_id']}")
    assert saved["scope"] == story["id"]


def test_story_brief_formats(server: Server) -> None:
    sid = summit_id(server)
    status, kind, md = call(server, f"/api/stories/{sid}/brief.md")
    assert status == 200 and kind.startswith("text/markdown") and md.startswith("#")
    status, kind, html = call(server, f"/api/stories/{sid}/brief.html")
    assert status == 200 and kind.startswith("text/html") and "<html" in html
    assert get_json(server, f"/api/stories/{sid}/brief.json")["stories"][0]["id"] == sid
    assert call(server, f"/api/stories/{sid}/brief.pdf")[0] == 422


def test_search_api(server: Server) -> None:
    data = get_json(server, "/api/search?q=radio&kind=quote&outlet=Baltic%20Wire")
    assert data["hits"] and all(h["kind"] == "quote" for h in data["hits"])
    assert all(h["outlet"] == "Baltic Wire" for h in data["hits"])
    status, _, text = call(server, "/api/search?q=radio&since=yesterday")
    assert status == 400 and json.loads(text)["error"]["code"] == "bad-input"


def test_errors_share_one_envelope(server: Server) -> None:
    for path, status in [
        ("/api/stories/s_000000000000", 404),
        ("/stories/s_000000000000", 404),
        ("/api/stories/..%2F..%2Fetc", 404),
        ("/api/stories?limit=100000", 422),
        ("/api/briefs/b_missing", 404),
        ("/api/stories/s_x?since=b_missing", 404),
        ("/no/such/page", 404),
        ("/static/../app.py", 404),
        ("/static/..%2Fapp.py", 404),
    ]:
        got, kind, text = call(server, path)
        assert got == status, (path, got, text)
        assert kind.startswith("application/json")
        error = json.loads(text)["error"]
        assert error["status"] == status and error["message"]


def test_openapi_lists_the_routes(server: Server) -> None:
    spec = get_json(server, "/openapi.json")
    for path in ["/api/stories", "/api/stories/{story_id}", "/api/search", "/api/articles"]:
        assert path in spec["paths"]


def test_ingest_limits(server: Server) -> None:
    status, data = post_json(server, "/api/articles", {"articles": []})
    assert status == 422 and data["error"]["code"] == "invalid-request"
    many = {"articles": [{"text": f"Article {n}."} for n in range(201)]}
    status, data = post_json(server, "/api/articles", many)
    assert status == 422 and "200" in data["error"]["message"]
    head, body = raw_post(server, "/api/articles", 9 * 1024 * 1024)
    assert head.startswith("HTTP/1.1 413") and json.loads(body)["error"]["code"] == "body-too-large"
    status, _, text = call(
        server, "/api/articles", b"{not json", {"Content-Type": "application/json"}
    )
    assert status == 422 and "error" in json.loads(text)


def test_post_article_updates_its_story_and_changes(tmp_path: Path) -> None:
    with serve_demo(tmp_path) as running:
        sid = summit_id(running)
        before = get_json(running, f"/api/stories/{sid}")["brief_id"]
        text = (DEMO / "kessel-courier.txt").read_text(encoding="utf-8")
        article = {
            "id": "harbour-post-2026-03-16",
            "outlet": "Harbour Post",
            "published": "2026-03-16",
            "title": "Kessel Bay accord signed by nine port cities",
            "text": text.replace("Kessel Courier", "Harbour Post").replace("40 minutes", "an hour"),
        }
        status, data = post_json(running, "/api/articles", {"articles": [article]})
        assert status == 200, data
        (added,) = data["added"]
        assert added["status"] == "new" and added["story"] == sid
        after = get_json(running, f"/api/stories/{sid}?since={before}")
        assert after["brief_id"] == added["brief_id"] != before
        assert after["changes"]["new_articles"] == ["harbour-post-2026-03-16"]
        assert after["changes"]["new_sources"] == ["Harbour Post"]


def test_article_text_is_escaped(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "desk.db") as store:
        desk.add_inputs(store, [str(DEMO / "earlier-summit-2024.txt")])
    with Server(tmp_path / "desk.db") as running:
        text = (DEMO / "earlier-summit-2024.txt").read_text(encoding="utf-8")
        evil = {"id": "evil", "outlet": EVIL, "title": EVIL, "text": text + "\n\n" + EVIL}
        status, data = post_json(running, "/api/articles", {"articles": [evil]})
        assert status == 200, data
        sid = data["added"][0]["story"]
        for path in ["/", f"/stories/{sid}", f"/api/stories/{sid}/brief.html"]:
            page = call(running, path)[2]
            assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert" in call(running, f"/stories/{sid}")[2]
