"""Degraded text goes through the whole pipeline: annotated as far as sensible, no crash."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsweave.cli import main

CASES = {
    "no-sentences.txt": " ".join(["harbour pilot boat crew radar berth"] * 60),
    "enormous-sentence.txt": "The council said that "
    + ", and that ".join(f"berth {n} would reopen" for n in range(4_000))
    + ".",
    "german.txt": (
        "Der Bürgermeister sagte am Montag, dass die Hafenbehörde neue Lotsenboote kaufen "
        "werde. Die Entscheidung fiel nach einem Brand im Februar. "
    )
    * 20,
    "chinese.txt": "市长周一表示，港务局将购买新的引航船。这一决定是在二月份的火灾之后做出的。"
    * 30,
    "mojibake.txt": (
        "The mayorâ€™s office said â€œwe will not waitâ€\x9d after the fire. "
        "CafÃ© owners near the harbour said 130,000 years ago and 10^400 days later. "
    )
    * 15,
    "numbers.txt": "12 19 2026 3.5 €120 40% 7 1/2 " * 200,
}


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("degraded")
    for name, text in CASES.items():
        (folder / name).write_text(text, encoding="utf-8")
    out = folder.parent / "report.json"
    assert main(["brief", str(folder), "--format", "json", "-o", str(out), "-q"]) == 0
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return data


def test_every_degraded_input_is_reported_on(report: dict[str, Any]) -> None:
    seen = {a["id"] for a in report["articles"]}
    seen |= {Path(i["source"]).name for i in report["skipped"]}
    assert seen == set(CASES)


def test_other_languages_are_kept_with_a_warning(report: dict[str, Any]) -> None:
    warned = {Path(w["source"]).name for w in report["warnings"] if "English" in w["message"]}
    assert {"german.txt", "chinese.txt"} <= warned
    ids = {a["id"] for a in report["articles"]}
    assert "german.txt" in ids


def test_offsets_stay_exact_on_degraded_text(report: dict[str, Any]) -> None:
    texts = {a["id"]: a["text"] for a in report["articles"]}
    for story in report["stories"]:
        for claim in story["summary_claims"]:
            assert texts[claim["article"]][claim["start"] : claim["end"]] == claim["text"]
        for fact in story["facts"]:
            for claim in fact["claims"]:
                assert texts[claim["article"]][claim["start"] : claim["end"]] == claim["text"]


def test_analyze_survives_degraded_text(tmp_path: Path) -> None:
    for name, text in CASES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    out = tmp_path / "ann.jsonl"
    assert main(["analyze", str(tmp_path), "--format", "jsonl", "-o", str(out), "-q"]) == 0
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) >= 5
    for line in lines:
        for key in ("entities", "timexes", "quotes", "quantities"):
            for item in line[key]:
                assert line["text"][item["start"] : item["end"]] == item["text"]
