"""Metadata that a plain text shows about itself: the outlet, a headline."""

from __future__ import annotations

import re

# "(Bloomberg) --", "(Reuters) -", "WASHINGTON (AP) —": a wire dateline names the outlet.
_DATELINE_OUTLET = re.compile(
    r"^(?:[A-Z][A-Z .,'-]{1,40}\s)?\((?P<outlet>[A-Z][A-Za-z&.' ]{1,40})\)\s*[-–—]{1,2}\s",
    re.MULTILINE,
)
# "©2023 Bloomberg L.P.", "Copyright 2024 The Associated Press. All rights reserved."
_COPYRIGHT_OUTLET = re.compile(
    r"^\s*(?:©|\(c\)|Copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*"
    r"(?P<outlet>[A-Z][A-Za-z&.' ]{1,60}?)"
    r"(?:\s*(?:L\.P\.|LLC|Ltd\.?|Inc\.?|plc|GmbH))?\s*\.?\s*(?:All rights reserved\.?)?\s*$",
    re.MULTILINE | re.IGNORECASE,
)
# "Source: TechWire Asia" as a line of its own; "Published by X".
_TRAILING_WORDS = re.compile(r"\s+(?:L\.P\.|LLC|Ltd\.?|Inc\.?|plc|GmbH)\.?$")


def find_outlet(text: str) -> str | None:
    """The outlet a plain text names in a wire dateline or a copyright line, if any."""
    match = _DATELINE_OUTLET.search(text[:5000])
    if match:
        return match.group("outlet").strip()
    tail = text[-3000:]
    for match in _COPYRIGHT_OUTLET.finditer(tail):
        outlet = _TRAILING_WORDS.sub("", match.group("outlet").strip()).strip(" .")
        if outlet and not outlet.lower().startswith("all rights"):
            return outlet
    return None


def find_title(text: str) -> str | None:
    """The first line when it reads like a headline: short, no final full stop."""
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        words = line.split()
        if 2 <= len(words) <= 25 and len(line) <= 200 and not line.endswith((".", ":", ",")):
            return line
        return None
    return None
