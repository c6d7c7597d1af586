"""The desk through the command line, feeds and ``watch`` (SQLite store)."""

from __future__ import annotations

import json
import shutil
import threading
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES
from newsweave import desk
from newsweave.cli import main
from newsweave.store.sqlite import SqliteStore

DEMO = EXAMPLES / "harbour-summit"
RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Coastline Daily</title><link>https://coastline.example/</link>
<item><guid>https://coastline.example/1</guid><title>Ferry service resumes at Rysund</title>
<link>https://coastline.example/1</link><pubDate>Tue, 17 Mar 2026 08:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>Ferry service between Rysund and the outer islands resumed on
Tuesday after a week of storms, the operator Nordkyst Ferries said.</p><p>"Passengers can
book again from today," spokeswoman Lene Arvik said.</p>]]></content:encoded></item>
<item><guid>https://coastline.example/2</guid><title>Empty</title></item>
</channel></rss>
"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour Notes</title>
<entry><id>tag:notes,2026:7</id><title>Pilot boats get new radios</title>
<updated>2026-03-18T10:00:00Z</updated>
<content type="text">The harbour authority in Kessel Bay fitted its six pilot boats with
new radios on Wednesday, ahead of the common radio rules agreed at the summit.</content>
</entry></feed>
"""


def test_add_brief_since_and_search(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "desk.db")
    assert main(["add", str(DEMO / "baltic-wire.html"), "--db", db, "-q"]) == 0
    assert "1 new, 0 updated, 0 unchanged" in capsys.readouterr().out
    out = tmp_path / "first.json"
    assert main(["brief", "--db", db, "--format", "json", "-o", str(out)]) == 0
    first = json.loads(out.read_text(encoding="utf-8"))
    assert first["brief_id"].startswith("b_") and "changes" not in first
    assert main(["add", str(DEMO), "--db", db, "-q", "--format", "json"]) == 0
    added = json.loads(capsys.readouterr().out)
    assert added["counts"] == {"new": 5, "updated": 0, "unchanged": 1}
    since = tmp_path / "since.json"
    args = ["brief", "--db", db, "--format", "json", "--since", first["brief_id"]]
    assert main([*args, "-o", str(since)]) == 0
    changes = json.loads(since.read_text(encoding="utf-8"))["changes"]
    assert changes["since"] == first["brief_id"]
    assert len(changes["new_articles"]) == 5 and len(changes["new_stories"]) == 1
    assert main(["brief", "--db", db, "--format", "md", "--since", first["brief_id"]]) == 0
    assert "## Changes since" in capsys.readouterr().out
    assert main(["search", "radio", "--db", db, "--kind", "quote", "--format", "json"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert hits and all(h["kind"] == "quote" for h in hits)
    assert main(["search", "radio", "--db", db, "--since", "soon"]) == 2
    assert main(["brief", "--db", db, "--since", "b_000000000000"]) == 2


def test_brief_with_input_and_since(tmp_path: Path) -> None:
    db = str(tmp_path / "desk.db")
    first = tmp_path / "a.json"
    assert main(["brief", str(DEMO / "baltic-wire.html"), "--db", db, "-q", "-o", str(first)]) == 0
    brief_id = json.loads(first.read_text(encoding="utf-8"))["brief_id"]
    second = tmp_path / "b.json"
    args = ["brief", str(DEMO), "--db", db, "-q", "--since", brief_id, "-o", str(second)]
    assert main([*args, "--format", "json"]) == 0
    assert len(json.loads(second.read_text(encoding="utf-8"))["changes"]["new_articles"]) == 5


def test_feeds_are_read(tmp_path: Path) -> None:
    (tmp_path / "coast.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "notes.atom").write_text(ATOM, encoding="utf-8")
    (tmp_path / "broken.xml").write_text("<rss><channel><item>", encoding="utf-8")
    with SqliteStore(tmp_path / "desk.db") as store:
        inputs = [str(tmp_path / n) for n in ("coast.rss", "notes.atom", "broken.xml")]
        result = desk.add_inputs(store, inputs)
        ids = sorted(a.article for a in result.added)
        assert ids == ["https://coastline.example/1", "tag:notes,2026:7"]
        (ferry,) = store.articles(["https://coastline.example/1"])
        assert ferry.outlet == "Coastline Daily" and ferry.published is not None
        assert ferry.published.isoformat() == "2026-03-17"
        assert "<p>" not in ferry.text and "Nordkyst Ferries" in ferry.text
        assert ferry.title == "Ferry service resumes at Rysund"
        codes = {(i.source.rsplit("/", 1)[-1], i.code) for i in result.issues}
        assert ("coast.rss#2", "no-text") in codes


def test_watch_picks_up_files_as_they_land(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    results: list[desk.AddResult] = []
    with SqliteStore(tmp_path / "desk.db") as store:
        watcher = threading.Thread(
            target=lambda: results.extend(desk.watch(store, inbox, interval=0.3, rounds=15))
        )
        watcher.start()
        time.sleep(0.5)
        shutil.copy(DEMO / "kessel-courier.txt", inbox / "kessel-courier.txt")
        watcher.join(timeout=60)
        assert [a.article for r in results for a in r.added] == ["kessel-courier.txt"]
        assert store.count("articles") == 1 and store.count("stories") == 1
