"""Repeated text: a line printed twice, a lede repeated after its dateline, caption pairs."""

from __future__ import annotations

import itertools
import re

from newsweave.clean.lines import Line, tokens

MIN_DUP_TOKENS = 6  # shorter repeated lines (subheads, "Share") are left to other rules
LEDE_WINDOW = 8  # non-blank lines at the top where a repeated lede is looked for
CAPTION_PREFIX = 5  # shared leading tokens that make two adjacent short lines one caption
CAPTION_MAX_WORDS = 40

# A dateline before a lede: "(Bloomberg) —", "WASHINGTON (AP) -", "LONDON, June 3 (Reuters) -".
_DATELINE = re.compile(r"^\s*(?:[A-Z][\w .,'’-]{0,60}?)?\(?[\w .&'’-]{2,40}\)?\s*[—–-]{1,2}\s+")


def find(lines: list[Line], reasons: dict[int, str]) -> dict[int, str]:
    """Indices of kept lines that repeat other text, with the reason to remove them."""
    out: dict[int, str] = {}
    kept = [ln for ln in lines if not ln.blank and ln.index not in reasons]
    _repeated_lede(kept, out)
    _caption_pairs([ln for ln in lines if not ln.blank], reasons, out)
    _repeated_lines(kept, out)
    return out


def _repeated_lede(kept: list[Line], out: dict[int, str]) -> None:
    """A top line repeated inside a later line after a dateline: drop the earlier copy."""
    top = kept[:LEDE_WINDOW]
    for i, early in enumerate(top):
        early_toks = tokens(early.text)
        if len(early_toks) < MIN_DUP_TOKENS:
            continue
        needle = " ".join(early_toks)
        for late in top[i + 1 :]:
            match = _DATELINE.match(late.text)
            if match is None:
                continue
            rest = " ".join(tokens(late.text[match.end() :]))
            if rest.startswith(needle) and len(rest) - len(needle) < 0.2 * len(rest) + 2:
                out[early.index] = "duplicate-lede"
                break


def _caption_pairs(lines: list[Line], reasons: dict[int, str], out: dict[int, str]) -> None:
    """Two neighbouring short lines that open with the same words: an image's alt and caption.

    Both go when one of them is already a credit (removed by a pattern) or both are short
    and end without a full stop.
    """
    credits = {"photo-credit", "caption"}
    for a, b in itertools.pairwise(lines):
        if a.index in out or a.index in reasons or a.words > CAPTION_MAX_WORDS:
            continue
        if b.words > CAPTION_MAX_WORDS or reasons.get(b.index, "caption") not in credits:
            continue
        ta, tb = tokens(a.text), tokens(b.text)
        n = min(len(ta), len(tb), CAPTION_PREFIX)
        if n < CAPTION_PREFIX or ta[:n] != tb[:n] or ta == tb:
            continue
        if b.index not in reasons and (_sentence(a) or _sentence(b)):
            continue  # two sentences that open alike are text, not a caption pair
        out[a.index] = "caption"
        if b.index not in reasons:
            out[b.index] = "caption"


def _sentence(line: Line) -> bool:
    return line.text.endswith((".", ".”", '."'))


def _repeated_lines(kept: list[Line], out: dict[int, str]) -> None:
    """A kept line equal (by tokens) to an earlier kept line is removed the second time."""
    seen: set[str] = set()
    for line in kept:
        toks = tokens(line.text)
        if len(toks) < MIN_DUP_TOKENS:
            continue
        key = " ".join(toks)
        if key in seen:
            out.setdefault(line.index, "duplicate-line")
        else:
            seen.add(key)
