"""Self-consistency checks for the bundled demo corpus in examples/harbour-summit.

These tests do not run the pipeline; they pin down the facts that examples/README.md
promises, so end-to-end tests can rely on them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "harbour-summit"

TXT_FILES = ["kessel-courier.txt", "ministry-statement.txt", "earlier-summit-2024.txt"]


class _ArticleText(HTMLParser):
    """Collects the <p> text inside <article> and notes whether an <article> exists."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.has_article = False
        self.depth = 0
        self.in_p = False
        self.paragraphs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.has_article = True
            self.depth += 1
        elif tag == "p" and self.depth and not dict(attrs).get("class"):
            self.in_p = True
            self.paragraphs.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1
        elif tag == "p":
            self.in_p = False

    def handle_data(self, data: str) -> None:
        if self.in_p:
            self.paragraphs[-1] += data


def _read(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


def _feeds() -> dict[str, dict[str, str]]:
    records = {}
    for line in _read("feeds.jsonl").splitlines():
        if line.strip():
            rec = json.loads(line)
            records[rec["outlet"]] = rec
    return records


def _baltic_wire() -> _ArticleText:
    parser = _ArticleText()
    parser.feed(_read("baltic-wire.html"))
    return parser


def _texts() -> dict[str, str]:
    feeds = _feeds()
    return {
        "courier": _read("kessel-courier.txt"),
        "wire": "\n\n".join(_baltic_wire().paragraphs),
        "times": feeds["Harbour Times"]["text"],
        "reprint": feeds["Rysund Herald"]["text"],
        "ministry": _read("ministry-statement.txt"),
        "earlier": _read("earlier-summit-2024.txt"),
    }


def test_all_files_present_and_utf8() -> None:
    names = sorted(p.name for p in CORPUS.iterdir())
    assert names == sorted([*TXT_FILES, "baltic-wire.html", "feeds.jsonl"])
    for name in names:
        assert _read(name).strip()


def test_jsonl_records_are_complete() -> None:
    lines = [ln for ln in _read("feeds.jsonl").splitlines() if ln.strip()]
    assert len(lines) == 2
    for line in lines:
        rec = json.loads(line)
        assert isinstance(rec, dict)
        assert {"id", "outlet", "url", "published", "title", "text"} <= rec.keys()
        assert all(isinstance(rec[k], str) and rec[k] for k in rec)
        dt.datetime.fromisoformat(rec["published"].replace("Z", "+00:00"))


def test_html_has_article_and_metadata() -> None:
    raw = _read("baltic-wire.html")
    parser = _baltic_wire()
    assert parser.has_article
    assert '<meta property="og:site_name" content="Baltic Wire">' in raw
    assert 'content="2026-03-15T18:00:00Z"' in raw
    assert parser.paragraphs[0].startswith("KESSEL BAY, March 15 (Baltic Wire) -")


def test_article_lengths_are_realistic() -> None:
    for name, text in _texts().items():
        assert 300 <= len(text.split()) <= 700, name


@pytest.mark.parametrize(
    ("source", "snippets"),
    [
        (
            "courier",
            [
                "40 minutes",
                "four hours",
                "12 crew members",
                "€210 million",
                "Minister of Transport Tomas Verhoek",
                "about 200 dockworkers",
            ],
        ),
        (
            "wire",
            [
                "about 45 minutes",
                "several hours",
                "12 crew members",
                "€120 million",
                "Minister of Transport Tomas Verhoek",
                "later this year",
            ],
        ),
        (
            "reprint",
            [
                "about 45 minutes",
                "several hours",
                "12 crew members",
                "€120 million",
                "(Updates with minister's comments",
                "visit Rysund in June",
            ],
        ),
        (
            "times",
            [
                "an hour",
                "19 people were injured",
                "€120 million",
                "Deputy Minister Tomas Verhoek",
                "Saltmarsh Institute",
            ],
        ),
        (
            "ministry",
            [
                "On Saturday",
                "The day before",
                "€120 million",
                "Minister of Transport, Tomas Verhoek",
                "on 1 May",
            ],
        ),
        (
            "earlier",
            [
                "22 May 2024",
                "three-day",
                "Port Aldane Declaration on Shipping Lanes",
                "Minister of Transport Elise Marken",
                "Deputy Minister Tomas Verhoek",
                "90-minute",
                "€45 million",
            ],
        ),
    ],
)
def test_expected_facts_are_in_place(source: str, snippets: list[str]) -> None:
    text = _texts()[source]
    for snippet in snippets:
        assert snippet in text, (source, snippet)


def test_consensus_facts_reach_three_outlets() -> None:
    texts = _texts()
    for fact in ["Kessel Bay Harbour Safety Accord", "Old Customs House", "Ingrid Halvorsen"]:
        holders = [k for k in ("courier", "wire", "times", "ministry") if fact in texts[k]]
        assert len(holders) >= 3, (fact, holders)
    nine = [k for k in ("courier", "wire", "times", "ministry") if "nine" in texts[k]]
    assert len(nine) >= 3


def test_mayor_quote_has_exact_and_variant_wording() -> None:
    texts = _texts()
    exact = "We will not wait for the next accident to make our harbours safe"
    variant = "We are not going to wait for another accident before we make our harbours safe"
    assert exact in texts["courier"] and exact in texts["wire"]
    assert variant in texts["times"] and exact not in texts["times"]


def test_single_source_protest() -> None:
    texts = _texts()
    assert [k for k, t in texts.items() if "dockworkers" in t.lower()] == ["courier"]


def test_ministry_statement_has_no_date_line() -> None:
    text = _read("ministry-statement.txt")
    assert "2026" not in text and "March" not in text


def test_reprint_is_mostly_the_wire_copy() -> None:
    texts = _texts()
    ratio = difflib.SequenceMatcher(None, texts["wire"], texts["reprint"], autojunk=False).ratio()
    assert ratio > 0.8
    assert texts["wire"] != texts["reprint"]


@pytest.mark.parametrize(
    ("day", "weekday"),
    [
        (dt.date(2026, 2, 2), "Monday"),  # Greta Holm fire
        (dt.date(2026, 3, 13), "Friday"),  # ministry: "the day before" Saturday
        (dt.date(2026, 3, 14), "Saturday"),  # summit day 1, mayor-minister meeting
        (dt.date(2026, 3, 15), "Sunday"),  # summit day 2, accord signed
        (dt.date(2026, 3, 16), "Monday"),  # Harbour Times publication
        (dt.date(2024, 5, 20), "Monday"),  # 2024 summit opens
        (dt.date(2024, 5, 21), "Tuesday"),
        (dt.date(2024, 5, 22), "Wednesday"),  # 2024 declaration adopted
    ],
)
def test_weekdays_used_in_corpus(day: dt.date, weekday: str) -> None:
    assert day.strftime("%A") == weekday
