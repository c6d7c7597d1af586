"""Role descriptions ("the Secretary", "the US diplomat") resolved to a named person.

A description is resolved only when the batch makes it clear: some named person carries a
title or appositive whose words fit the description's head noun ("Secretary of State Antony
Blinken" fits "the Secretary"; "Chinese President Xi Jinping" fits "the Chinese leader"),
its nationality words agree, and among the people who fit, one is the nearest one the same
article names before it (or the only one in the batch).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from newsweave.analyze.aliases import (
    NEUTRAL_MODIFIERS,
    ROLE_CLASSES,
    ROLE_HEADS,
    TITLE_WORDS,
    nationality,
    strip_possessive,
    title_words,
)

_WORD = re.compile(r"[A-Za-z][\w.’'\-]*")
_HEADS = "|".join(sorted(ROLE_HEADS, key=len, reverse=True))
_DESCRIPTION = re.compile(
    rf"\b([Tt]he)\s+((?:(?!the\b)[\w.’'\-]+\s+){{0,3}}?)({_HEADS})\b(?![\w\-])", re.IGNORECASE
)
_OF_TAIL = re.compile(r"\s+of\s+(?:the\s+)?(?:[A-Z][\w.’'\-]*\s?){1,3}")


# Title abbreviations that name the same office as a description head ("Gov. Mike Pence"
# fits "the governor").
_SHORT_FORMS = {
    "governor": frozenset({"gov.", "gov"}),
    "senator": frozenset({"sen.", "sen"}),
    "congressman": frozenset({"rep.", "rep", "representative"}),
    "congresswoman": frozenset({"rep.", "rep", "representative"}),
}


@dataclass
class Profile:
    """What the batch says about one named person: title words and countries."""

    canonical: str
    entity: str
    roles: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)

    def add_words(self, words: Iterable[str]) -> None:
        for word in words:
            low = strip_possessive(word.lower())
            self.roles.add(low)
            country = nationality(low)
            if country:
                self.countries.add(country)


@dataclass(frozen=True)
class Description:
    start: int
    end: int
    head: str
    countries: frozenset[str]


def context_roles(text: str, start: int, end: int) -> list[str]:
    """Title words before a name (the run of titles ending at ``start``) and in the mention
    itself, plus the words of an appositive right after it (", China's top diplomat,")."""
    words = title_words(text[start:end])
    before = text[max(0, start - 90) : start]
    run: list[str] = []
    run_start = len(before)
    for match in reversed(list(_WORD.finditer(before))):
        gap = before[match.end() : run_start]
        if gap.strip():
            break
        token = match.group(0)
        low = token.lower()
        if not (token[0].isupper() or low in TITLE_WORDS or low == "of" or nationality(low)):
            break
        if len(run) >= 8:
            break
        run.append(low)
        run_start = match.start()
    words.extend(t for t in run if _is_role_word(t))
    after = text[end : end + 120]
    if after.startswith(", "):
        clause = re.split(r"[,.;)\n]", after[2:], maxsplit=1)[0]
        tokens = [t.lower() for t in clause.split()]
        if 0 < len(tokens) <= 10 and (
            tokens[0] in {"a", "an", "the"} or tokens[0].endswith(("’s", "'s"))
        ):
            words.extend(t for t in tokens if _is_role_word(t))
    return words


def _is_role_word(word: str) -> bool:
    low = strip_possessive(word.lower().strip(".,;:"))
    return low in TITLE_WORDS or low in ROLE_HEADS or nationality(low) is not None


def fits(head: str, profile: Profile) -> bool:
    """Does a description head ("secretary", "leader", "diplomat") fit this person?"""
    head = head.lower()
    if head in profile.roles or _SHORT_FORMS.get(head, frozenset()) & profile.roles:
        return True
    if head == "diplomat":
        roles = profile.roles
        return bool(
            {"diplomat", "ambassador", "envoy", "councilor", "councillor"} & roles
            or {"secretary", "state"} <= roles
            or {"foreign", "minister"} <= roles
        )
    cls = ROLE_CLASSES.get(head)
    return bool(cls and cls & profile.roles)


def find_descriptions(text: str, taken: Sequence[tuple[int, int]]) -> list[Description]:
    """Candidate descriptions in ``text`` that do not overlap the ``taken`` spans and are
    not a title standing before a name ("the Chinese President Xi Jinping")."""
    found: list[Description] = []
    for match in _DESCRIPTION.finditer(text):
        modifiers = match.group(2).split()
        countries: set[str] = set()
        ok = True
        for word in modifiers:
            low = strip_possessive(word.lower())
            country = nationality(low)
            if country:
                countries.add(country)
            elif low not in NEUTRAL_MODIFIERS and low not in TITLE_WORDS:
                ok = False
                break
        if not ok:
            continue
        end = match.end()
        tail = _OF_TAIL.match(text, end)
        if tail and match.group(3).lower() in {"secretary", "president", "minister", "director"}:
            end = tail.end()
        rest = text[end : end + 40]
        nxt = re.match(r"\s*([A-Z][\w’'\-]*)", rest)
        if nxt and not rest.startswith(("\n", ".", ",")):
            continue  # a title followed by a name
        start = match.start()
        while end > start and text[end - 1].isspace():
            end -= 1
        if any(s < end and start < e for s, e in taken):
            continue
        found.append(Description(start, end, match.group(3).lower(), frozenset(countries)))
    return found


def resolve(
    description: Description,
    profiles: Sequence[Profile],
    named_before: Sequence[tuple[int, str]],
) -> Profile | None:
    """The person a description stands for, or None when the batch does not make it clear.

    ``named_before`` lists (offset, canonical) of the named people in the same article.
    """
    fitting = {
        p.canonical: p
        for p in profiles
        if fits(description.head, p) and description.countries <= p.countries
    }
    if not fitting:
        return None
    local = [(pos, name) for pos, name in named_before if name in fitting]
    earlier = [(pos, name) for pos, name in local if pos < description.start]
    if earlier:
        return fitting[max(earlier)[1]]
    if local:
        return fitting[min(local)[1]]
    if len(fitting) == 1:
        return next(iter(fitting.values()))
    return None
