"""Plain-text cleaning: the offset contract, the seed articles' chrome, synthetic edge cases."""

from __future__ import annotations

import time

import pytest

from conftest import needs_shared, seed_text
from newsweave.clean import CleanResult, clean_text
from newsweave.model import Removal


def assert_contract(raw: str, result: CleanResult) -> None:
    """Clean text is raw minus the removed ranges; ranges sorted, disjoint, in bounds."""
    pos = 0
    pieces: list[str] = []
    for rem in result.removed:
        assert isinstance(rem, Removal)
        assert pos <= rem.start < rem.end <= len(raw), rem
        assert rem.reason and rem.reason == rem.reason.strip()
        pieces.append(raw[pos : rem.start])
        pos = rem.end
    pieces.append(raw[pos:])
    assert "".join(pieces) == result.text
    for i, ch in enumerate(result.text):
        assert raw[result.to_raw(i)] == ch


def cut(raw: str, result: CleanResult, reason: str) -> list[str]:
    return [raw[r.start : r.end] for r in result.removed if r.reason == reason]


PROSE = (
    "The committee met on Tuesday to discuss the new budget, and members said the talks "
    "had gone better than expected after weeks of delay."
)
OTHER = (
    "Opposition leaders criticised the plan on Wednesday, saying it would cut services "
    "in rural areas while raising fees for small businesses across the region."
)
THIRD = (
    "Analysts expect the vote to pass next month, although several members of the "
    "governing party have said they will not support the bill in its current form."
)
MENU = "\n".join(["Home", "World", "Business", "Sport", "Culture", "Opinion", "Video"])


def page(*blocks: str) -> str:
    return "\n\n".join(blocks) + "\n"


# --- seeds -------------------------------------------------------------------------------


@needs_shared
@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_contract(prefix: str) -> None:
    raw = seed_text(prefix)
    assert_contract(raw, clean_text(raw))


@needs_shared
def test_seed_000_keeps_intro_and_drops_sign_off() -> None:
    raw = seed_text("000")
    result = clean_text(raw)
    first_line = raw.splitlines()[0]
    assert result.text.startswith(first_line)  # the intro naming the team is content
    assert "Best regards" not in result.text
    assert "keep you updated" not in result.text
    assert "please contact" not in result.text
    assert not result.text.rstrip().endswith("China Team")
    assert "highest-ranking diplomat" in result.text
    assert cut(raw, result, "sign-off")


@needs_shared
def test_seed_001_drops_skip_link_and_trailing_source_link() -> None:
    raw = seed_text("001")
    result = clean_text(raw)
    assert "Skip to content" not in result.text
    assert "https://" not in result.text
    assert result.text.rstrip().endswith("encouraged.")
    assert "State Councilor" in result.text
    assert cut(raw, result, "navigation") == ["Skip to content\n"]


@needs_shared
def test_seed_002_drops_player_credits_and_twice_printed_caption() -> None:
    raw = seed_text("002")
    result = clean_text(raw)
    for chrome in ("Trinity Audio", "Getty Images via AFP", "Leah MILLIS", "beginnings of a thaw"):
        assert chrome in raw
        assert chrome not in result.text, chrome
    assert "a meeting that represents progress" not in result.text
    for content in ("What did Xi and Blinken discuss?", "20 June 2023", "Some harsh reality"):
        assert content in result.text, content
    assert "President Biden asked me to travel" in result.text
    assert len(cut(raw, result, "caption")) >= 2


@needs_shared
def test_seed_003_keeps_one_lede_and_drops_bloomberg_chrome() -> None:
    raw = seed_text("003")
    result = clean_text(raw)
    assert raw.count("agreed to boost dialog") == 2
    assert result.text.count("agreed to boost dialog") == 1
    assert "(Bloomberg)" in result.text  # the copy after the dateline is the one kept
    for chrome in ("(Updates with", "More stories like this", "Bloomberg L.P."):
        assert chrome not in result.text, chrome
    for content in ("Taiwan Security", "My hope and expectation", "George Magnus"):
        assert content in result.text, content
    assert cut(raw, result, "duplicate-lede")


@needs_shared
def test_seed_004_is_left_alone() -> None:
    raw = seed_text("004")
    assert clean_text(raw).text == raw


# --- synthetic ---------------------------------------------------------------------------


def test_empty_and_blank() -> None:
    for raw in ("", "\n", "\n\n\n", "   \n"):
        result = clean_text(raw)
        assert_contract(raw, result)
        assert result.text.strip() == ""


def test_only_chrome_is_removed_entirely() -> None:
    raw = page(
        "Skip to content",
        MENU,
        "Share on Facebook",
        "Sign up for our newsletter",
        "© 2024 Example Media. All rights reserved.",
    )
    result = clean_text(raw)
    assert_contract(raw, result)
    assert result.text.strip() == ""


def test_single_line_without_newline_is_kept() -> None:
    result = clean_text(PROSE)
    assert result.text == PROSE
    assert result.removed == ()


def test_body_between_menus_and_footer() -> None:
    body = "\n\n".join([PROSE, "Budget Talks", OTHER, THIRD, "The vote is set for May."])
    raw = page(
        "Skip to main content",
        MENU,
        "Budget deal reached after weeks of talks",
        "By Jane Example",
        body,
        "Related",
        "Ministers clash over spending plans",
        "Central bank holds rates steady",
        MENU,
        "Copyright © 2024 Example Media",
    )
    result = clean_text(raw)
    assert_contract(raw, result)
    assert body in result.text  # subhead and short last paragraph stay inside the body
    assert "Budget deal reached" in result.text  # the headline right above the body
    for chrome in ("Skip to", "By Jane", "Culture", "Ministers clash", "Copyright"):
        assert chrome not in result.text, chrome
    reasons = {r.reason for r in result.removed}
    assert {"navigation", "byline", "copyright"} <= reasons


def test_crlf_line_endings() -> None:
    raw = page("Skip to content", PROSE, OTHER, "Advertisement", THIRD).replace("\n", "\r\n")
    result = clean_text(raw)
    assert_contract(raw, result)
    assert "Skip to content" not in result.text
    assert "Advertisement" not in result.text
    assert all(para in result.text for para in (PROSE, OTHER, THIRD))
    assert "\r\n\r\n" in result.text
    assert "\n\n" not in result.text.replace("\r\n", "")  # no stray half line breaks


def test_repeated_line_is_removed_once() -> None:
    raw = page(PROSE, "Something else entirely happened next, officials said on Monday.", PROSE)
    result = clean_text(raw)
    assert_contract(raw, result)
    assert result.text.count(PROSE) == 1
    assert cut(raw, result, "duplicate-line") == [PROSE + "\n\n"] or cut(
        raw, result, "duplicate-line"
    ) == [PROSE + "\n"]


def test_blank_runs_are_collapsed() -> None:
    raw = PROSE + "\n\n\n\n\n\n" + OTHER + "\n"
    result = clean_text(raw)
    assert_contract(raw, result)
    assert "\n\n\n\n" not in result.text
    assert PROSE in result.text and OTHER in result.text


def test_non_english_text_is_not_destroyed() -> None:
    ru = (
        "Правительство в четверг утвердило новый бюджет на следующий год, сообщили в "
        "пресс-службе министерства финансов после долгого заседания."
    )
    zh = "政府周四批准了明年的新预算，财政部新闻处在长时间会议后表示，这项计划将于一月生效。"
    de = (
        "Die Regierung hat am Donnerstag den neuen Haushalt für das kommende Jahr "
        "beschlossen, teilte das Finanzministerium nach einer langen Sitzung mit."
    )
    raw = page(ru, zh, de, ru.replace("четверг", "пятницу"))
    result = clean_text(raw)
    assert_contract(raw, result)
    for para in (ru, zh, de):
        assert para in result.text


def test_to_raw_maps_offsets_across_cuts() -> None:
    raw = page("Skip to content", PROSE, "Advertisement", OTHER)
    result = clean_text(raw)
    start = result.text.index(OTHER)
    raw_start = result.to_raw(start)
    assert raw[raw_start : raw_start + len(OTHER)] == OTHER
    assert result.span_to_raw(start, start + 5) == (raw_start, raw_start + 5)
    assert result.to_raw(len(result.text)) <= len(raw)
    with pytest.raises(ValueError):
        result.to_raw(len(result.text) + 1)


def test_large_input_runs_in_linear_time() -> None:
    block = page(MENU, PROSE, OTHER, "Share", "Advertisement", THIRD)
    small = block * 500
    big = block * 10000  # about 5 MB
    assert len(big) > 4_000_000
    t0 = time.perf_counter()
    clean_text(small)
    t_small = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = clean_text(big)
    t_big = time.perf_counter() - t0
    assert t_big < 30
    assert t_big < 20 * 40 * max(t_small, 1e-3)  # 20x the input, far from quadratic
    assert len(result.text) < len(big)
