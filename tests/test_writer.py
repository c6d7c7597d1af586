"""The optional summary writer against a real OpenAI-compatible HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES
from newsweave.brief.citations import Sources
from newsweave.brief.render_json import report_to_dict
from newsweave.brief.render_markdown import render_markdown
from newsweave.brief.summary_compress import as_sentence, summary_text
from newsweave.brief.writer import WriterOptions, write_report
from newsweave.cli import main
from newsweave.model import Report, Story
from newsweave.pipeline import Options, brief

DEMO = EXAMPLES / "harbour-summit"
ACCORD = "Kessel Bay"  # in the title of the demo's 2026 story

Reply = Callable[[dict[str, Any]], str]


class ChatServer:
    """A tiny chat-completions endpoint: records each request, answers ``reply(request)``
    in the OpenAI format (or raw bytes with ``raw``)."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.reply: Reply = lambda request: ""
        self.raw: bytes | None = None
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                request = json.loads(self.rfile.read(length))
                server.requests.append(request | {"path": self.path})
                server.headers.append(dict(self.headers.items()))
                body = server.raw
                if body is None:
                    answer = {
                        "id": "chatcmpl-test",
                        "object": "chat.completion",
                        "model": request.get("model"),
                        "choices": [
                            {
                                "index": 0,
                                "message": {"role": "assistant", "content": server.reply(request)},
                                "finish_reason": "stop",
                            }
                        ],
                    }
                    body = json.dumps(answer).encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def by_story(self, answers: dict[str, str]) -> None:
        """Answer with the text whose key occurs in the request's story material."""

        def reply(request: dict[str, Any]) -> str:
            prompt = request["messages"][-1]["content"]
            return next((a for key, a in answers.items() if key in prompt), "")

        self.reply = reply


@pytest.fixture
def server() -> Iterator[ChatServer]:
    chat = ChatServer()
    chat.thread.start()
    yield chat
    chat.httpd.shutdown()
    chat.httpd.server_close()


@pytest.fixture(scope="module")
def report() -> Report:
    return brief([DEMO], Options())


def _accord(report: Report) -> tuple[Story, Sources]:
    story = next(s for s in report.stories if ACCORD in s.title)
    return story, Sources(report, story)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _supported(src: Sources) -> str:
    wire = src.number["baltic-wire.html"]
    return (
        f"Nine northern port cities signed the Kessel Bay Harbour Safety Accord on Sunday, "
        f"March 15 [{wire}]."
    )


def test_supported_answer_is_kept_with_its_evidence(server: ChatServer, report: Report) -> None:
    story, src = _accord(report)
    server.by_story({ACCORD: _supported(src)})
    written = write_report(report, WriterOptions(server.url, "test-model"))
    assert server.requests[0]["path"] == "/v1/chat/completions"
    assert server.requests[0]["model"] == "test-model"
    prompt = server.requests[0]["messages"][-1]["content"]
    assert "[1] " in prompt and "Summary sentences:" in prompt and "Key points:" in prompt
    result = next(s for s in written.stories if s.id == story.id)
    assert result.written is not None
    (sentence,) = result.written.sentences
    assert sentence.text.startswith("Nine northern port cities signed")
    assert "[" not in sentence.text
    assert sentence.citations == (src.number["baltic-wire.html"],)
    assert sentence.claims and {c.article for c in sentence.claims} == {"baltic-wire.html"}
    for claim in sentence.claims:
        assert report.article(claim.article).text[claim.start : claim.end] == claim.text
    data = report_to_dict(written)
    story_json = next(s for s in data["stories"] if s["id"] == story.id)
    assert story_json["summary"] == sentence.text
    assert story_json["summary_claims"]  # the extractive summary is kept alongside
    block = story_json["summary_writer"]
    assert block["model"] == "test-model" and block["kept"] == 1 and block["dropped"] == 0
    texts = {a["id"]: a["text"] for a in data["articles"]}
    for claim in block["sentences"][0]["claims"]:
        assert texts[claim["article"]][claim["start"] : claim["end"]] == claim["text"]
    assert f"{sentence.text} [{src.number['baltic-wire.html']}]" in render_markdown(written)


def test_invented_number_or_name_is_dropped(server: ChatServer, report: Report) -> None:
    story, src = _accord(report)
    wire = src.number["baltic-wire.html"]
    server.by_story(
        {
            ACCORD: f"{_supported(src)} The accord was signed by 37 port cities [{wire}]. "
            f"Mayor Peter Olsen hosted the Kessel Bay summit [{wire}]."
        }
    )
    written = write_report(report, WriterOptions(server.url, "test-model"))
    result = next(s for s in written.stories if s.id == story.id)
    assert result.written is not None
    assert len(result.written.sentences) == 1
    reasons = [d.reason for d in result.written.dropped]
    assert reasons == [
        "number not in the cited claims: 37",
        "name not in the cited claims: Peter",
    ]
    block = next(s for s in report_to_dict(written)["stories"] if s["id"] == story.id)
    assert block["summary_writer"]["kept"] == 1 and block["summary_writer"]["dropped"] == 2


def test_sentence_without_citation_is_dropped(server: ChatServer, report: Report) -> None:
    story, src = _accord(report)
    server.by_story(
        {ACCORD: f"{_supported(src)} Officials signed the Kessel Bay Harbour Safety Accord."}
    )
    written = write_report(report, WriterOptions(server.url, "test-model"))
    result = next(s for s in written.stories if s.id == story.id)
    assert result.written is not None
    assert [d.reason for d in result.written.dropped] == ["no citation"]
    assert len(result.written.sentences) == 1


def test_all_unsupported_keeps_the_extractive_summary(server: ChatServer, report: Report) -> None:
    story, _ = _accord(report)
    server.by_story({ACCORD: "The summit was a triumph [1]. Nobody came."})
    written = write_report(report, WriterOptions(server.url, "test-model"))
    data = report_to_dict(written)
    story_json = next(s for s in data["stories"] if s["id"] == story.id)
    assert story_json["summary"] == summary_text(story.summary_claims)
    assert story_json["summary_writer"]["used"] is False
    assert any(w["code"] == "writer-unsupported" for w in data["warnings"])


def test_cli_writer_end_to_end(server: ChatServer, tmp_path: Path, report: Report) -> None:
    _, src = _accord(report)
    server.by_story({ACCORD: _supported(src)})
    out = tmp_path / "report.json"
    args = ["brief", str(DEMO), "--writer", server.url, "--writer-model", "m1"]
    assert main([*args, "--format", "json", "-o", str(out), "-q"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    story_json = next(s for s in data["stories"] if ACCORD in s["title"])
    assert story_json["summary"].startswith("Nine northern port cities signed")
    assert story_json["summary_writer"]["model"] == "m1"
    assert len(server.requests) == len(data["stories"])


def test_unreachable_endpoint_falls_back_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.json"
    url = f"http://127.0.0.1:{_free_port()}/v1"
    args = ["brief", str(DEMO), "--writer", url, "--writer-model", "m", "--format", "json"]
    assert main([*args, "-o", str(out), "-q"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    unreachable = [w for w in data["warnings"] if w["code"] == "writer-unreachable"]
    assert len(unreachable) == 1 and url in unreachable[0]["message"]
    for story in data["stories"]:
        assert "summary_writer" not in story
        assert story["summary"] == " ".join(as_sentence(c["text"]) for c in story["summary_claims"])
    assert f"cannot reach {url}/chat/completions" in capsys.readouterr().err


def test_garbage_answer_falls_back_with_a_warning(server: ChatServer, report: Report) -> None:
    server.raw = b"<html>502 Bad Gateway</html>"
    written = write_report(report, WriterOptions(server.url, "test-model", key="sekrit"))
    assert server.headers[0]["Authorization"] == "Bearer sekrit"
    assert all(s.written is None for s in written.stories)
    failed = [i for i in written.issues if i.code == "writer-failed"]
    assert len(failed) == len(report.stories)
    assert "did not answer a chat completion" in failed[0].message


def test_no_network_without_writer(
    server: ChatServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSWEAVE_LLM_URL", server.url)
    monkeypatch.setenv("NEWSWEAVE_LLM_MODEL", "m")
    connections: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        connections.append(address)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    out = tmp_path / "report.json"
    assert main(["brief", str(DEMO), "--format", "json", "-o", str(out), "-q"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert connections == [] and server.requests == []
    assert all("summary_writer" not in s for s in data["stories"])
    assert not [w for w in data["warnings"] if w["code"].startswith("writer")]
