"""End to end on the five real seed articles: the report a good engine gives."""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import SEEDS, needs_shared
from newsweave.cli import main

pytestmark = needs_shared

CHROME = [
    "Skip to content",
    "Trinity Audio player",
    "Getty Images via AFP",
    "Leah MILLIS / POOL / AFP",
    "(Updates with",
    "More stories like this",
    "©2023 Bloomberg L.P.",
    "Best regards",
    "please contact BGA China Adviser",
]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("seeds") / "report.json"
    assert main(["brief", str(SEEDS), "--format", "json", "-o", str(out), "-q"]) == 0
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return data


def _prefix(article_id: str) -> str:
    return article_id[:3]


def _story_of(report: dict[str, Any], prefix: str) -> dict[str, Any]:
    for story in report["stories"]:
        if any(_prefix(a) == prefix for a in story["articles"]):
            return story
    raise AssertionError(f"no story holds seed {prefix}")


def _all_evidence(report: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for story in report["stories"]:
        for fact in story["facts"]:
            out.extend(fact["claims"])
        for conflict in story["conflicts"]:
            out.extend(conflict["claims"])
        for entry in story["timeline"]:
            out.extend(entry["claims"])
        out.extend(story["summary_claims"])
        for quote in story["quotes"]:
            out.append({**quote, "text": quote["text"]})
            out.extend(quote["variants"])
    return out


def test_contract_shape(report: dict[str, Any]) -> None:
    assert report["schema"] == "newsweave.report/1"
    assert len(report["articles"]) == 5
    for article in report["articles"]:
        assert {"id", "text", "removed", "duplicate_of", "outlet", "published"} <= set(article)


def test_stories_june_visit_apart_from_the_april_2024_visit(report: dict[str, Any]) -> None:
    june = _story_of(report, "000")
    assert sorted(_prefix(a) for a in june["articles"]) == ["000", "001", "002", "003"]
    april = _story_of(report, "004")
    assert [_prefix(a) for a in april["articles"]] == ["004"]
    assert any(r["story"] == april["id"] for r in june["related"])
    assert any(r["story"] == june["id"] for r in april["related"])
    assert all(r["reason"] for r in june["related"])


def test_no_chrome_in_any_clean_text(report: dict[str, Any]) -> None:
    for article in report["articles"]:
        for chrome in CHROME:
            assert chrome not in article["text"], (article["id"], chrome)
        raw = SEEDS.joinpath(article["id"]).read_text(encoding="utf-8")
        kept, pos = [], 0
        for removed in article["removed"]:
            kept.append(raw[pos : removed["start"]])
            assert raw[removed["start"] : removed["end"]] == removed["text"]
            pos = removed["end"]
        kept.append(raw[pos:])
        assert "".join(kept) == article["text"]


def test_every_evidence_offset_is_exact(report: dict[str, Any]) -> None:
    texts = {a["id"]: a["text"] for a in report["articles"]}
    evidence = _all_evidence(report)
    assert len(evidence) > 20
    for claim in evidence:
        assert texts[claim["article"]][claim["start"] : claim["end"]] == claim["text"]


def test_dates_and_outlets(report: dict[str, Any]) -> None:
    by_prefix = {_prefix(a["id"]): a for a in report["articles"]}
    assert by_prefix["002"]["published"] == "2023-06-20"
    assert by_prefix["003"]["outlet"] == "Bloomberg"
    june = _story_of(report, "000")
    assert june["span"] == {"start": "2023-06-18", "end": "2023-06-19"}


def test_seed_disagreements_are_reported(report: dict[str, Any]) -> None:
    june = _story_of(report, "000")
    conflicts = june["conflicts"]
    assert conflicts, "the June story has known disagreements"
    for conflict in conflicts:
        assert len({c["article"] for c in conflict["claims"]}) >= 2
    # the Xi meeting: 35 minutes versus 30 minutes / half an hour
    xi = [c for c in conflicts if c["kind"] == "duration" and "Xi" in c["subject"]]
    assert xi, [c["subject"] for c in conflicts]
    sides = {_prefix(c["article"]) for c in xi[0]["claims"]}
    assert "000" in sides and sides & {"001", "002"}
    # Wang Yi's title
    roles = [c for c in conflicts if c["kind"] == "role" and "Wang" in c["subject"]]
    assert roles
    assert {"001", "002"} <= {_prefix(c["article"]) for c in roles[0]["claims"]}


def test_the_wang_session_is_blinkens(report: dict[str, Any]) -> None:
    """000's "his discussions with Wang and Qin lasted several hours" and 002's "In his
    meeting with Wang ... a three-hour session" are Blinken's talks with Wang Yi."""
    june = _story_of(report, "000")
    lengths = [f for f in june["facts"] if f["kind"] == "duration" and "Wang Yi" in f["summary"]]
    assert lengths, [f["summary"] for f in june["facts"]]
    (wang,) = lengths
    assert "Blinken" in wang["summary"] and "Xi Jinping" not in wang["summary"]
    assert {"000", "002"} <= {_prefix(c["article"]) for c in wang["claims"]}
    assert wang["status"] == "consensus"


def test_nothing_compared_across_the_two_visits(report: dict[str, Any]) -> None:
    april = _story_of(report, "004")
    assert not april["conflicts"]
    june = _story_of(report, "000")
    for conflict in june["conflicts"]:
        assert all(_prefix(c["article"]) != "004" for c in conflict["claims"])


def test_quotes_with_speakers(report: dict[str, Any]) -> None:
    june = _story_of(report, "000")
    speakers = {q["speaker"] for q in june["quotes"]}
    assert "Antony Blinken" in speakers
    assert "Xi Jinping" in speakers


def test_markdown_and_html_briefs() -> None:
    import io
    from contextlib import redirect_stdout

    buf = io.StringIO()
    with redirect_stdout(buf):
        assert main(["brief", str(SEEDS), "--format", "md", "-q"]) == 0
    md = buf.getvalue()
    assert "## " in md and "### Sources" in md and "Where sources disagree" in md
    assert "Skip to content" not in md
    buf = io.StringIO()
    with redirect_stdout(buf):
        assert main(["brief", str(SEEDS), "--format", "html", "-q"]) == 0
    page = buf.getvalue()
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page


@pytest.fixture(scope="module")
def annotations(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    out = tmp_path_factory.mktemp("ann") / "ann.jsonl"
    assert main(["analyze", str(SEEDS), "--format", "jsonl", "-o", str(out), "-q"]) == 0
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    return {_prefix(x["id"]): x for x in lines}


def _timex(ann: dict[str, Any], text: str) -> str:
    values = [t["value"] for t in ann["timexes"] if t["text"] == text]
    assert values, (text, [t["text"] for t in ann["timexes"]])
    return str(values[0])


def test_analyze_resolves_the_seed_dates(annotations: dict[str, dict[str, Any]]) -> None:
    # dated by its own line
    assert annotations["002"]["published"] == "2023-06-20"
    assert _timex(annotations["002"], "Sunday") == "2023-06-18"
    assert _timex(annotations["002"], "Monday morning").startswith("2023-06-19")
    # undated articles resolve against their story's date
    assert annotations["000"]["published_given"] is False
    assert _timex(annotations["000"], "June 19") == "2023-06-19"
    assert _timex(annotations["000"], "the day before") == "2023-06-18"
    assert _timex(annotations["000"], "last August") == "2022-08"
    assert _timex(annotations["001"], "June 18") == "2023-06-18"
    assert _timex(annotations["001"], "Nov. 14, 2022") == "2022-11-14"
    assert _timex(annotations["003"], "Sunday") == "2023-06-18"
    assert _timex(annotations["003"], "February") == "2023-02"


def test_analyze_merges_the_seed_entities(annotations: dict[str, dict[str, Any]]) -> None:
    canon: dict[str, set[str]] = {}
    for ann in annotations.values():
        for ent in ann["entities"]:
            canon.setdefault(ent["text"], set()).add(ent["canonical"])
    for alias in ("Anthony Blinken", "Blinked", "the Secretary", "the US diplomat"):
        assert canon.get(alias) == {"Antony Blinken"}, alias
    for alias in ("Xi", "President Xi", "The Chinese leader"):
        if alias in canon:
            assert canon[alias] == {"Xi Jinping"}, alias
    assert canon["Xi"] == {"Xi Jinping"}
    ids = {
        e["entity"]
        for a in annotations.values()
        for e in a["entities"]
        if e["canonical"] == "Antony Blinken"
    }
    assert len(ids) == 1
