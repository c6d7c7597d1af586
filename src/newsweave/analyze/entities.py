"""Named-entity mentions per article, and their canonical entities across a batch.

:func:`find_mentions` reads one parsed article. :func:`link_entities` looks at the mentions
of every article of a batch (or story) at once and gives each mention a canonical name and a
stable entity id: titles are stripped ("President Xi Jinping" -> "Xi Jinping"), spelling
variants of one full name merge ("Anthony Blinken" -> "Antony Blinken"), a lone surname
joins the full name it abbreviates ("Xi" -> "Xi Jinping"), place aliases merge ("U.S.",
"US", "the United States"), and new mentions are added for what the tagger missed: a known
surname, a one-letter typo of one in a speaker slot ("Blinked said"), and role descriptions
that the batch makes clear ("the Secretary", "the US diplomat").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import accumulate
from typing import Any

from newsweave.analyze.aliases import (
    NATIONALITY,
    PLACE_ALIASES,
    TITLE_WORDS,
    clean_surface,
    is_name_typo,
    levenshtein,
    place_canonical,
    place_key,
    strip_titles,
)
from newsweave.analyze.descriptions import Profile, context_roles, find_descriptions, resolve
from newsweave.analyze.nlp import doc_text
from newsweave.analyze.speech import is_speech_verb
from newsweave.model import Mention, content_id

LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT"})
# Labels a lone surname may wrongly carry ("Blinken" tagged GPE, "Wang" tagged ORG).
_RELABEL = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC"})
_EDGE = ' \t\n\r\u00a0•·-–—,;:()[]"“”‘’'
_CAPITALIZED = re.compile(r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b")


def find_mentions(doc: Any) -> list[Mention]:
    """The PERSON/ORG/GPE/NORP/LOC/FAC/EVENT mentions of one parsed article.

    Spans are trimmed of bullets, quote marks and possessives and never cross a line
    break; ``canonical`` is the surface text and ``entity`` is empty until linking.
    """
    text: str = doc_text(doc)
    found: list[Mention] = []
    for ent in doc.ents:
        if ent.label_ not in LABELS:
            continue
        start, end = _trim(text, ent.start_char, ent.end_char)
        if end <= start or not any(ch.isalpha() for ch in text[start:end]):
            continue
        surface = text[start:end]
        if ent.label_ in _RELABEL and _inside_title(text, start, end):
            continue
        found.append(Mention(start, end, ent.label_, surface, surface, ""))
    things = {m.text for m in found if m.label == "PERSON" and _named_thing(text, m.start, m.end)}
    return [m for m in found if not (m.label == "PERSON" and m.text in things)]


_VESSEL = re.compile(
    r"\b(?:ship|vessel|tanker|freighter|ferry|carrier|boat|yacht|trawler|cruiser|liner|"
    r"submarine|destroyer|frigate|barge|tug)\s+$",
    re.IGNORECASE,
)
_THE = re.compile(r"\b[Tt]he\s+$")
_PERSON_AFTER = re.compile(
    r"['’]s\b|\s+(?:administration|campaign|era|family|government|foundation|years|"
    r"presidency|doctrine|White House)\b"
)


def _named_thing(text: str, start: int, end: int) -> bool:
    """A name the tagger took for a person that the text treats as a thing: a vessel
    ("the container ship Greta Holm") or a full name after "the" ("The Greta Holm fire"),
    unless what follows makes it a person's ("the Bill Clinton era")."""
    before = text[max(0, start - 20) : start]
    if _VESSEL.search(before):
        return True
    name = text[start:end]
    if name[:4] in ("the ", "The "):  # the tagger took the article into the name
        before, name = before + name[:4], name[4:]
    return " " in name.strip() and bool(_THE.search(before)) and not _PERSON_AFTER.match(text, end)


_TITLE_OF = re.compile(r"\b([A-Za-z]+)\s+of\s+(?:the\s+)?$")
_TITLE_AFTER = re.compile(r"\s+(?:Councilor|Councillor|Speaker|Secretary|Minister)\b")


def _inside_title(text: str, start: int, end: int) -> bool:
    """An office word that is part of a title ("Secretary of State", "State Councilor"):
    the tagger's ORG/GPE there is not an organisation or place ("President of France"
    keeps France: it is not an office word)."""
    if text[start:end].lower() not in TITLE_WORDS:
        return False
    before = _TITLE_OF.search(text, max(0, start - 30), start)
    if before and before.group(1).lower() in TITLE_WORDS and before.group(1)[:1].isupper():
        return True
    return bool(_TITLE_AFTER.match(text, end))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE:
        start += 1
    newline = text.find("\n", start, end)
    if newline != -1:
        end = newline
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    for suffix in ("’s", "'s", "’", "'"):
        if text.endswith(suffix, start, end) and end - len(suffix) > start:
            end -= len(suffix)
            break
    return start, end


@dataclass
class _Person:
    """One person cluster: the spellings of its full name and where each was seen."""

    spellings: Counter[str]
    articles: dict[str, set[str]]

    @cached_property
    def canonical(self) -> str:
        """The spelling seen in most articles, then most often, then the longest (read once
        the cluster is complete)."""

        def rank(spelling: str) -> tuple[int, int, int, str]:
            return (
                -len(self.articles[spelling]),
                -self.spellings[spelling],
                -len(spelling),
                spelling,
            )

        return min(self.spellings, key=rank)

    def tokens(self) -> set[str]:
        return {t.lower() for s in self.spellings for t in (s.split()[0], s.split()[-1])}


class _People:
    """The people of a batch, built from full-name PERSON mentions."""

    def __init__(self, full_names: Sequence[tuple[str, str]]) -> None:
        spellings: Counter[str] = Counter()
        seen: dict[str, set[str]] = defaultdict(set)
        for article, name in full_names:
            spellings[name] += 1
            seen[name].add(article)
        # Merge spelling variants: typos and a dropped middle name or initial.
        parent = {name: name for name in spellings}

        def find(name: str) -> str:
            while parent[name] != name:
                name = parent[name]
            return name

        names = sorted(spellings)
        # Both tests need the same first letter (same initials; same first word), so only
        # names that share it are compared.
        blocks: dict[str, list[str]] = defaultdict(list)
        for name in names:
            blocks[name[:1].lower()].append(name)
        for block in blocks.values():
            for i, a in enumerate(block):
                for b in block[i + 1 :]:
                    if is_name_typo(a, b) or _same_but_middle(a, b):
                        parent[find(a)] = find(b)
        groups: dict[str, _Person] = {}
        for name in names:
            root = find(name)
            person = groups.setdefault(root, _Person(Counter(), {}))
            person.spellings[name] = spellings[name]
            person.articles[name] = seen[name]
        self.people = list(groups.values())
        self.by_spelling = {s: p for p in self.people for s in p.spellings}
        self.by_token: dict[str, list[_Person]] = defaultdict(list)
        for person in self.people:
            for token in person.tokens():
                self.by_token[token].append(person)

    def canonical_of(self, name: str) -> str | None:
        person = self.by_spelling.get(name)
        return person.canonical if person else None

    def surname_owner(
        self, token: str, article: str, position: int, named: Sequence[tuple[int, str, str]]
    ) -> str | None:
        """The full name a lone name token stands for, preferring this article's people
        (the nearest one named before ``position``, else the first named after)."""
        candidates = {p.canonical: p for p in self.by_token.get(token.lower(), [])}
        if not candidates:
            return None
        if len(candidates) == 1:
            return next(iter(candidates))
        local = [(pos, name) for pos, art, name in named if art == article and name in candidates]
        earlier = [item for item in local if item[0] < position]
        if earlier:
            return max(earlier)[1]
        if local:
            return min(local)[1]

        def weight(name: str) -> tuple[int, str]:
            return (-sum(candidates[name].spellings.values()), name)

        return min(candidates, key=weight)


def _same_but_middle(a: str, b: str) -> bool:
    """'George W. Bush' and 'George Bush': same first and last word, one has more."""
    ta, tb = a.split(), b.split()
    if len(ta) == len(tb) or min(len(ta), len(tb)) < 2:
        return False
    return ta[0] == tb[0] and ta[-1] == tb[-1]


def link_entities(
    mentions: Mapping[str, Sequence[Mention]], texts: Mapping[str, str]
) -> dict[str, list[Mention]]:
    """Give every mention of a batch its canonical name and entity id, add the mentions
    the tagger missed (known surnames, speaker-slot typos, role descriptions), and return
    each article's mentions sorted by offset."""
    articles = sorted(mentions)
    mentions = _trim_headline_names(mentions, texts)
    full_names: list[tuple[str, str]] = []
    for article in articles:
        for m in mentions[article]:
            if m.label == "PERSON":
                name = strip_titles(m.text)
                if len(name.split()) >= 2:
                    full_names.append((article, name))
    people = _People(full_names)

    # Full names first: they anchor everything else.
    named: list[tuple[int, str, str]] = []  # (offset, article, canonical)
    for article in articles:
        for m in mentions[article]:
            if m.label == "PERSON":
                canonical = people.canonical_of(strip_titles(m.text))
                if canonical:
                    named.append((m.start, article, canonical))
    named.sort()

    place_labels = _place_labels(mentions)
    linked: dict[str, list[Mention]] = {}
    for article in articles:
        out: list[Mention] = []
        text = texts.get(article, "")
        for m in mentions[article]:
            owner = None
            if m.label in _RELABEL and " " not in m.text and text:
                owner = _typo_owner(m.text, text, m.start, m.end, people)
            if owner:
                out.append(
                    replace(m, label="PERSON", canonical=owner, entity=_eid("PERSON", owner))
                )
            else:
                out.append(_link_one(m, article, people, named, place_labels))
        linked[article] = out

    lowercase_words = _lowercase_words(texts)
    for article in articles:
        text = texts.get(article, "")
        extra = _missed_names(text, article, linked[article], people, named, lowercase_words)
        linked[article] = sorted(linked[article] + extra, key=lambda m: (m.start, m.end))

    profiles = _profiles(linked, texts)
    for article in articles:
        text = texts.get(article, "")
        linked[article] = sorted(
            linked[article] + _descriptions(text, linked[article], profiles),
            key=lambda m: (m.start, m.end),
        )
    return linked


def _trim_headline_names(
    mentions: Mapping[str, Sequence[Mention]], texts: Mapping[str, str]
) -> dict[str, list[Mention]]:
    """'Blinken Meets' in a title-case headline is 'Blinken' when the batch has a full
    name ending in 'Blinken' and 'Blinken Meets' occurs nowhere else."""
    names: Counter[str] = Counter()
    surnames: Counter[str] = Counter()
    for ms in mentions.values():
        for m in ms:
            if m.label == "PERSON":
                name = strip_titles(m.text)
                names[name] += 1
                if len(name.split()) >= 2:
                    surnames[name.split()[-1]] += 1
    out: dict[str, list[Mention]] = {}
    for article, ms in mentions.items():
        text = texts.get(article, "")
        fixed: list[Mention] = []
        for m in ms:
            tokens = m.text.split()
            if (
                m.label == "PERSON"
                and len(tokens) == 2
                and names[m.text] == 1
                and surnames[tokens[0]] >= 2
                and _in_headline(text, m.start)
            ):
                m = replace(m, end=m.start + len(tokens[0]), text=tokens[0], canonical=tokens[0])
            fixed.append(m)
        out[article] = fixed
    return out


def _in_headline(text: str, offset: int) -> bool:
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    words = text[line_start : line_end if line_end != -1 else len(text)].split()
    capitalized = sum(1 for w in words if w[:1].isupper())
    return 0 < len(words) <= 14 and capitalized >= 0.6 * len(words)


def _link_one(
    m: Mention,
    article: str,
    people: _People,
    named: Sequence[tuple[int, str, str]],
    place_labels: Mapping[str, str],
) -> Mention:
    surface = clean_surface(m.text) or m.text
    if m.label == "PERSON" or (m.label in _RELABEL and _is_surname(surface, people)):
        name = strip_titles(surface)
        canonical = people.canonical_of(name)
        if canonical is None and len(name.split()) == 1:
            canonical = people.surname_owner(name, article, m.start, named)
        if canonical is None and m.label == "PERSON":
            canonical = name
        if canonical is not None:
            return replace(m, label="PERSON", canonical=canonical, entity=_eid("PERSON", canonical))
    label = place_labels.get(place_key(surface), m.label)
    canonical = place_canonical(surface)
    return replace(m, label=label, canonical=canonical, entity=_eid(label, canonical))


def _is_surname(surface: str, people: _People) -> bool:
    low = surface.lower()
    return (
        " " not in surface
        and low in people.by_token
        and low not in PLACE_ALIASES
        and low not in NATIONALITY
    )


def _place_labels(mentions: Mapping[str, Sequence[Mention]]) -> dict[str, str]:
    """The majority label of each non-person name across the batch (one entity per name)."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for article in mentions:
        for m in mentions[article]:
            if m.label != "PERSON":
                key = place_key(m.text)
                votes[PLACE_ALIASES.get(key, key).lower()].update([m.label])
    labels: dict[str, str] = {}
    for article in mentions:
        for m in mentions[article]:
            if m.label != "PERSON":
                key = place_key(m.text)
                vote = votes[PLACE_ALIASES.get(key, key).lower()]
                labels[key] = min(vote, key=lambda lab: (-vote[lab], lab))
    return labels


def _eid(label: str, canonical: str) -> str:
    return content_id(label, canonical, prefix="e_")


def _missed_names(
    text: str,
    article: str,
    linked: Sequence[Mention],
    people: _People,
    named: Sequence[tuple[int, str, str]],
    lowercase_words: set[str],
) -> list[Mention]:
    """Mentions the tagger missed: a known surname, or a one-edit typo of one ("Blinked")
    followed by a verb of saying or preceded by a title. ``lowercase_words`` are the words
    the batch writes in lower case (so "Brown" the name is not "brown" the colour)."""
    spans = sorted((m.start, m.end) for m in linked)
    starts = [s for s, _ in spans]
    reach = list(accumulate((e for _, e in spans), max))  # furthest end so far
    # Lone tokens the batch already uses as a person's name ("Xi", "Blinken").
    lone = {clean_surface(m.text) for m in linked if m.label == "PERSON"}
    lone |= {p.canonical.split()[-1] for p in people.people}
    extra: list[Mention] = []
    for match in _CAPITALIZED.finditer(text):
        start, end = match.span()
        before = bisect_left(starts, end)  # spans that start before this word ends
        if before and reach[before - 1] > start:
            continue
        word = match.group(0)
        canonical: str | None = None
        if word in lone and len(word) >= 4 and word.lower() not in lowercase_words:
            if word.lower() in people.by_token:
                canonical = people.surname_owner(word, article, start, named)
        else:
            canonical = _typo_owner(word, text, start, end, people)
        if canonical:
            extra.append(Mention(start, end, "PERSON", word, canonical, _eid("PERSON", canonical)))
    return extra


def _typo_owner(word: str, text: str, start: int, end: int, people: _People) -> str | None:
    """The person whose surname ``word`` misspells by one letter, in a speaker slot."""
    if len(word) < 5 or word.lower() in people.by_token or not _speaker_slot(text, start, end):
        return None
    for person in people.people:
        surname = person.canonical.split()[-1]
        if (
            len(surname) >= 5
            and surname[0] == word[0]
            and abs(len(surname) - len(word)) <= 1
            and levenshtein(surname.lower(), word.lower()) == 1
        ):
            return person.canonical
    return None


def _lowercase_words(texts: Mapping[str, str]) -> set[str]:
    words: set[str] = set()
    for text in texts.values():
        words.update(re.findall(r"\b[a-z]+\b", text))
    return words


def _speaker_slot(text: str, start: int, end: int) -> bool:
    after = re.match(r"\s+([a-z]+)", text[end : end + 30])
    if after and is_speech_verb(after.group(1)):
        return True
    before = re.search(r"([A-Za-z.]+)\s+$", text[max(0, start - 30) : start])
    return bool(before and before.group(1).lower() in TITLE_WORDS)


def _profiles(linked: Mapping[str, Sequence[Mention]], texts: Mapping[str, str]) -> list[Profile]:
    profiles: dict[str, Profile] = {}
    for article, ms in linked.items():
        text = texts.get(article, "")
        for m in ms:
            if m.label != "PERSON" or not text:
                continue
            profile = profiles.setdefault(m.canonical, Profile(m.canonical, m.entity))
            profile.add_words(context_roles(text, m.start, m.end))
    return [profiles[name] for name in sorted(profiles)]


def _descriptions(
    text: str, linked: Sequence[Mention], profiles: Sequence[Profile]
) -> list[Mention]:
    if not text:
        return []
    # Nationality words inside a description ("the Chinese leader") stay their own mentions.
    taken = [(m.start, m.end) for m in linked if m.label in {"PERSON", "ORG"}]
    named = [(m.start, m.canonical) for m in linked if m.label == "PERSON" and m.text[:1].isupper()]
    out: list[Mention] = []
    for description in find_descriptions(text, taken):
        person = resolve(description, profiles, named)
        if person is None:
            continue
        surface = text[description.start : description.end]
        out.append(
            Mention(
                description.start,
                description.end,
                "PERSON",
                surface,
                person.canonical,
                person.entity,
            )
        )
    return out
