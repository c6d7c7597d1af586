"""Time expressions: the gated scan (only where a rule can start) finds what a full scan finds."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest

from conftest import BENCH, EXAMPLES, SEEDS, needs_shared
from newsweave.analyze.timex.gates import atoms, scan, starts
from newsweave.analyze.timex.patterns import RULES

# Letters that match ASCII letters when case is ignored ("ſ" ~ "s", "ı" ~ "i", Kelvin ~ "k").
_FOLDS = str.maketrans({"s": "ſ", "i": "ı", "k": "\u212a"})


def _matches(
    found: Iterator[re.Match[str]],
) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in found]


def assert_same_scan(text: str) -> None:
    at = starts(text)
    for i, rule in enumerate(RULES):
        full = _matches(rule.regex.finditer(text))
        gated = _matches(scan(rule.regex, text, at.get(i)))
        assert gated == full, f"rule {rule.name}: gated scan differs"


def _variants(text: str) -> list[str]:
    """The text as written, shouted, in lower case and with letters that fold to ASCII."""
    return [text, text.upper(), text.lower(), text.translate(_FOLDS)]


def _real_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += [
        p.read_text(encoding="utf-8") for p in sorted((EXAMPLES / "harbour-summit").glob("*.txt"))
    ]
    with (BENCH / "temporal" / "te3_platinum.jsonl").open(encoding="utf-8") as fh:
        texts += [json.loads(line)["text"] for line in fh]
    for path in sorted((BENCH / "timeline" / "t17").glob("*/articles.jsonl")):
        with path.open(encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for _, line in zip(range(5), fh, strict=False)]
    return texts


@needs_shared
def test_gated_scan_matches_full_scan_on_real_text() -> None:
    texts = _real_texts()
    assert len(texts) > 40
    for text in texts:
        for variant in _variants(text):
            assert_same_scan(variant)


@pytest.mark.parametrize(
    "text",
    [
        "On Sept. 30, 2019 at 10:30 p.m. EST, about two-and-a-half weeks ago, 'the 90s' ended.",
        "Q3 2021 results; the year-ago quarter; mid-2020; FY2019; 12/25/2019; 2019-12-25T10:00.",
        "\u201cLast Tuesday night\u201d and the day before yesterday; 1\u20132 hours; ١٢ days",
        "ſeveral ſeconds ago, thırty mınutes later, a \u212aelvin-long week, ÉARLY MONDAY.",
        "",
        "   \n\t",
    ],
)
def test_gated_scan_matches_full_scan_on_edge_cases(text: str) -> None:
    for variant in _variants(text):
        assert_same_scan(variant)


def test_rules_start_with_their_first_words() -> None:
    by_name = {rule.name: atoms(rule.regex) for rule in RULES}
    assert by_name["set"] == {"a", "each", "every", "per"}
    assert by_name["iso"] == {"1", "2"}
    assert atoms(re.compile(r"(?<!\w)\s*day")) is None  # may start with a space: no gate
    assert atoms(re.compile(r"(?i:the)\s+\w+")) == {"the"}
