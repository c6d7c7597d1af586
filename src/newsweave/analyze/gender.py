"""What an article says about a person's gender, so "he said" skips the women it names.

The evidence for one mention: an honorific before it (Mr., Ms.), a gendered role word
next to it ("a spokeswoman", "her husband"), and the he/she that first follows it in its
sentence before any other name. A person's gender is the one their mentions vote for,
when the votes are unanimous or at least two to one; otherwise it is unknown.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from newsweave.model import Mention


def _words(text: str) -> list[str]:
    return text.split()


PRONOUN_GENDER = {
    **dict.fromkeys(("he", "him", "his", "himself"), "m"),
    **dict.fromkeys(("she", "her", "hers", "herself"), "f"),
}
_GENDERED_WORDS = {
    **dict.fromkeys(
        _words("spokesman congressman chairman businessman husband father son brother"), "m"
    ),
    **dict.fromkeys(
        _words("spokeswoman congresswoman chairwoman businesswoman wife mother daughter sister"),
        "f",
    ),
}
_FOLLOWING = 160  # characters after a mention searched for its pronoun


def pronoun_gender(word: str) -> str | None:
    """'m' for he/him/his/himself, 'f' for she/her/hers/herself, else None."""
    return PRONOUN_GENDER.get(word.lower())


def article_genders(
    text: str,
    mentions: Sequence[Mention],
    tokens: Callable[[int, int], Sequence[Any]],
    token_at: Mapping[int, Any],
    inside_quote: Callable[[int], bool],
) -> dict[str, str]:
    """Canonical name -> 'm' or 'f' for the persons of one article whose gender it states.

    ``tokens(start, end)`` gives the parse tokens starting in [start, end), ``token_at`` the
    token starting at a character offset; mentions inside quotes give no evidence.
    """
    votes: dict[str, Counter[str]] = {}
    for m in mentions:
        if m.label == "PERSON" and not inside_quote(m.start):
            for vote in _votes(text, m, tokens, token_at, inside_quote):
                votes.setdefault(m.canonical, Counter())[vote] += 1
    genders: dict[str, str] = {}
    for name, counter in votes.items():
        ranked = counter.most_common()
        if len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]:
            genders[name] = ranked[0][0]
    return genders


def _votes(
    text: str,
    m: Mention,
    tokens: Callable[[int, int], Sequence[Any]],
    token_at: Mapping[int, Any],
    inside_quote: Callable[[int], bool],
) -> list[str]:
    votes: list[str] = []
    before = text[max(0, m.start - 40) : m.start]
    around = before + " " + text[m.start : m.end + 40].split(".")[0]
    honorific = re.search(r"\b(Mr|Mrs|Ms|Miss)\.?\s*$", before) or re.match(
        r"(Mr|Mrs|Ms|Miss)\b", text[m.start : m.end]
    )
    if honorific:
        votes.append("m" if honorific.group(1) == "Mr" else "f")
    for word in re.findall(r"[a-z]+", around.lower()):
        if word in _GENDERED_WORDS:
            votes.append(_GENDERED_WORDS[word])
    first = token_at.get(m.start)
    sentence_end = first.sent.end_char if first is not None else m.end
    for tok in tokens(m.end, min(len(text), m.end + _FOLLOWING)):
        if tok.idx >= sentence_end or inside_quote(tok.idx):
            break
        if tok.ent_type_ == "PERSON":
            break
        gender = PRONOUN_GENDER.get(tok.text.lower())
        if gender:
            votes.append(gender)
            break
    return votes
