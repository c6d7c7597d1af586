"""The demo corpus through the command line: runs on a fresh clone (no ../shared needed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES
from newsweave.cli import main
from newsweave.store.migrations import SCHEMA_VERSION
from newsweave.store.sqlite import SqliteStore

DEMO = EXAMPLES / "harbour-summit"


def _brief(tmp_path: Path, *args: str) -> dict[str, Any]:
    out = tmp_path / "report.json"
    assert main(["brief", str(DEMO), "--format", "json", "-o", str(out), "-q", *args]) == 0
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _brief(tmp_path_factory.mktemp("demo"))


def _story_with(report: dict[str, Any], needle: str) -> dict[str, Any]:
    for story in report["stories"]:
        if any(needle in a for a in story["articles"]):
            return story
    raise AssertionError(needle)


def test_demo_groups_2026_apart_from_2024(report: dict[str, Any]) -> None:
    summit = _story_with(report, "kessel-courier")
    assert len(summit["articles"]) == 5
    earlier = _story_with(report, "earlier-summit-2024")
    assert earlier["id"] != summit["id"]
    assert earlier["articles"] == ["earlier-summit-2024.txt"]
    assert {r["story"] for r in summit["related"]} == {earlier["id"]}


def test_demo_reprint_is_marked(report: dict[str, Any]) -> None:
    dup = {a["id"]: a["duplicate_of"] for a in report["articles"]}
    assert dup["rysund-herald-2026-03-15-accord"] == "baltic-wire.html"


def test_demo_conflicts(report: dict[str, Any]) -> None:
    summit = _story_with(report, "kessel-courier")
    kinds = {c["kind"] for c in summit["conflicts"]}
    assert "role" in kinds
    values = {c.get("value") for conflict in summit["conflicts"] for c in conflict["claims"]}
    assert any(v and "40 minutes" in v for v in values)


def test_demo_ship_is_not_a_person(report: dict[str, Any]) -> None:
    story = _story_with(report, "kessel-courier")
    people = {p["name"] for p in story["people"] if p.get("kind", "person") == "person"}
    assert "Greta Holm" not in people
    assert {"Ingrid Halvorsen", "Tomas Verhoek", "Marta Lindqvist"} <= people


def test_demo_fire_date_lists_only_the_fire_date(report: dict[str, Any]) -> None:
    # the ministry's "The day before, the Minister visited Berth 7, where the container
    # ship Greta Holm caught fire on 2 February" gives the fire one date, not two
    story = _story_with(report, "kessel-courier")
    fire = [f for f in story["facts"] if f["kind"] == "date" and "2026-02-02" in f["summary"]]
    assert fire, [f["summary"] for f in story["facts"]]
    assert "2026-03-13" not in fire[0]["summary"]
    assert all(c["normalized"]["date"] == "2026-02-02" for c in fire[0]["claims"])


def test_demo_html_article_is_extracted(report: dict[str, Any]) -> None:
    wire = next(a for a in report["articles"] if a["id"] == "baltic-wire.html")
    assert wire["published"] == "2026-03-15"
    assert wire["outlet"]
    assert "cookie" not in wire["text"].lower()


def test_brief_db_keeps_event_frames(tmp_path: Path) -> None:
    """A store written by ``brief --db`` holds each article's event frames, so a story
    rebuilt from it keeps its meeting and visit facts."""
    db = tmp_path / "nw.db"
    report = _brief(tmp_path, "--db", str(db))
    with SqliteStore(db) as store:
        ids = [a["id"] for a in report["articles"]]
        _, events = store.analysis(ids)
    frames = [f for fs in events.values() for f in fs]
    assert any(f.kind == "meeting" and f.duration_s for f in frames), frames
    assert {"Ingrid Halvorsen", "Tomas Verhoek"} <= {p for f in frames for p in f.participants}


def test_store_is_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "nw.db"
    first = _brief(tmp_path, "--db", str(db))
    with SqliteStore(db) as store:
        counts = (store.count("articles"), store.count("stories"), store.count("briefs"))
        ids = store.article_ids(), store.story_ids()
    second = _brief(tmp_path, "--db", str(db))
    with SqliteStore(db) as store:
        assert (store.count("articles"), store.count("stories"), store.count("briefs")) == counts
        assert (store.article_ids(), store.story_ids()) == ids
        assert store.schema_version == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert counts[0] == 6
    assert [s["id"] for s in first["stories"]] == [s["id"] for s in second["stories"]]
    fact_ids = [f["id"] for s in first["stories"] for f in s["facts"]]
    assert fact_ids == [f["id"] for s in second["stories"] for f in s["facts"]]


def test_bad_inputs_are_listed_and_the_rest_goes_on(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "junk.html").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "feed.jsonl").write_text('{"id": "a", "text": 12}\n{oops\n', encoding="utf-8")
    (tmp_path / "chrome.html").write_text(
        "<html><body><nav>Home | World | Sport</nav></body></html>", encoding="utf-8"
    )
    out = tmp_path / "r.json"
    code = main(
        [
            "brief",
            str(DEMO / "kessel-courier.txt"),
            str(tmp_path),
            "-q",
            "--format",
            "json",
            "-o",
            str(out),
        ]
    )
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [a["id"] for a in data["articles"]] == ["kessel-courier.txt"]
    skipped = {Path(s["source"]).name.split(":")[0] for s in data["skipped"]}
    assert skipped == {"empty.txt", "junk.html", "feed.jsonl", "chrome.html"}


def test_only_bad_input_exits_2(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    assert main(["brief", str(tmp_path / "empty.txt"), "-q"]) == 2


def test_analyze_jsonl_stream(tmp_path: Path) -> None:
    out = tmp_path / "ann.jsonl"
    assert main(["analyze", str(DEMO), "--format", "jsonl", "-o", str(out), "-q"]) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 6
    for line in lines:
        text = line["text"]
        for key in ("entities", "timexes", "quotes", "quantities"):
            for item in line[key]:
                assert text[item["start"] : item["end"]] == item["text"]
    courier = next(x for x in lines if x["id"] == "kessel-courier.txt")
    assert courier["published"] == "2026-03-15"
    assert any(t["value"] == "2026-03-14" for t in courier["timexes"])


def test_help_and_stdin() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "newsweave", "--help"], capture_output=True, text=True, check=True
    )
    assert "brief" in run.stdout and "exit codes" in run.stdout
    text = (DEMO / "kessel-courier.txt").read_text(encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "newsweave", "brief", "-", "--format", "json"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(run.stdout)["articles"][0]["id"] == "stdin"
