"""The speaker of a quotation the quote finder left without one, from newsroom attribution.

News copy attributes a quotation in a few fixed shapes, next to the quotation marks:

* after it: ``"...," Mr. Sheekey said``, ``"...," Michael Elliott, the executive director
  of the group, said in a statement``, ``"...," said Bloomberg``;
* before it, in the same sentence, ending in a colon: ``Romney released a statement late
  Tuesday saying: "..."``, ``Warner said: "..."``.

The name found there must be a PERSON of the article (its surname is the last word of one
PERSON canonical name, and only one), so a title or an organisation never becomes a speaker.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsweave.model import Mention, Quote

VERBS = (
    r"(?:said|says|say|told|tells|added|adds|wrote|writes|tweeted|stated|explained|argued|"
    r"noted|declared|insisted|recalled|warned|replied|responded|continued|asked)"
)
NAME = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’-]*){0,2}"
HONORIFIC = r"(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen)\.?\s+)?"
# after the closing mark: ', Mr. Sheekey said' / ', Michael Elliott, the ..., said' / ', said X'
RX_AFTER_NAME = re.compile(
    rf"^[,!?]?[ \t]*[\"”’]?[ \t]*,?[ \t]*{HONORIFIC}(?P<name>{NAME})"
    rf"(?:,[ \t]+[^\"“”\n]{{1,120}}?,)?[ \t]+{VERBS}\b"
)
RX_AFTER_VERB = re.compile(
    rf"^[,!?]?[ \t]*[\"”’]?[ \t]*,?[ \t]*{VERBS}[ \t]+{HONORIFIC}(?P<name>{NAME})\b"
)
# before the opening mark: a speech verb and a colon ('... late Tuesday saying: "')
RX_BEFORE_VERB = re.compile(rf"\b(?:{VERBS}|saying|writing)\b[^.!?\n]{{0,40}}:$")
RX_SENTENCE_START = re.compile(r"(?:^|(?<![A-Z][a-z])(?<![A-Z])[.!?]\s+|\n)")
TITLE_WORDS = frozenset({"Mr", "Mrs", "Ms", "Dr", "Sen", "Rep", "Gov", "Gen", "The", "But"})


def person_by_surname(name: str, persons: Sequence[str]) -> str | None:
    """The one PERSON canonical name whose last word is the last word of ``name``."""
    words = [w.strip(".,'’") for w in name.split()]
    words = [w for w in words if w and w not in TITLE_WORDS]
    if not words:
        return None
    found = {p for p in persons if p.split() and p.split()[-1] == words[-1]}
    return found.pop() if len(found) == 1 else None


def attributed_speaker(
    text: str, quote: Quote, mentions: Sequence[Mention]
) -> tuple[str, int, int] | None:
    """The PERSON named in the attribution next to ``quote`` (see the module docstring), with
    the offsets of the name."""
    persons = sorted({m.canonical for m in mentions if m.label == "PERSON"})
    if not persons:
        return None
    after = text[quote.end : quote.end + 200]
    # '"...," Mr. X said' closes on a comma (or ?/!); after a full stop a new sentence starts
    closes = quote.text.rstrip()[-1:] + after.lstrip(' \t"”’')[:1]
    for rx in (RX_AFTER_NAME, RX_AFTER_VERB):
        m = rx.match(after) if any(c in ",?!" for c in closes) else None
        if m:
            who = person_by_surname(m.group("name"), persons)
            if who:
                return who, quote.end + m.start("name"), quote.end + m.end("name")
    line_start = text.rfind("\n", 0, quote.start) + 1
    lo = max(line_start, quote.start - 240)
    before = text[lo : quote.start].rstrip('"“ \t')
    verb = RX_BEFORE_VERB.search(before)
    if verb is None:
        return None
    sent = max((m.end() for m in RX_SENTENCE_START.finditer(before[: verb.start()])), default=0)
    names = [
        m
        for m in mentions
        if m.label == "PERSON" and lo + sent <= m.start and m.end <= lo + verb.start()
    ]
    if len({m.canonical for m in names}) != 1:
        return None
    return names[0].canonical, names[0].start, names[0].end
