"""Name normalisation: titles, country aliases, role words and small string distances.

Everything here is pure string work over small hand-made tables, shared by entity linking
(:mod:`newsweave.analyze.entities`), description resolution
(:mod:`newsweave.analyze.descriptions`) and quote attribution.
"""

from __future__ import annotations

import re


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


# Words that may precede a person's name as a title ("U.S. Secretary of State", "Sen.").
TITLE_WORDS = _words(
    """
    president vice secretary minister foreign prime state councilor councillor director
    chairman chairwoman chair sen. sen senator rep. rep representative gov. gov governor
    mr. mr mrs. mrs ms. ms dr. dr gen. gen general adm. admiral judge justice speaker
    leader premier king queen prince princess pope rev. sir lord lady ambassador envoy
    commissioner mayor attorney former chief executive ceo deputy defense defence treasury
    commerce house majority minority spokesman spokeswoman spokesperson lt. col. sgt. capt.
    gov't interior homeland security education energy labor health transportation
    agriculture finance trade first lady lawmaker assemblyman assemblywoman councilman
    councilwoman congressman congresswoman del. supreme court chancellor emperor sheikh
    crown central committee commission office party comrade
    """
)

# Nationality words and country names, mapped to one country key.
NATIONALITY = {
    "us": "united states",
    "u.s.": "united states",
    "u.s": "united states",
    "usa": "united states",
    "u.s.a.": "united states",
    "american": "united states",
    "america": "united states",
    "washington": "united states",
    "united states": "united states",
    "chinese": "china",
    "china": "china",
    "beijing": "china",
    "prc": "china",
    "british": "united kingdom",
    "uk": "united kingdom",
    "u.k.": "united kingdom",
    "britain": "united kingdom",
    "russian": "russia",
    "russia": "russia",
    "moscow": "russia",
    "japanese": "japan",
    "japan": "japan",
    "french": "france",
    "france": "france",
    "german": "germany",
    "germany": "germany",
    "indian": "india",
    "india": "india",
    "israeli": "israel",
    "israel": "israel",
    "iranian": "iran",
    "iran": "iran",
    "ukrainian": "ukraine",
    "ukraine": "ukraine",
    "taiwanese": "taiwan",
    "taiwan": "taiwan",
    "korean": "korea",
    "mexican": "mexico",
    "mexico": "mexico",
    "canadian": "canada",
    "canada": "canada",
}

# Canonical names of places and bodies with many spellings (keys: lower case, no "the").
PLACE_ALIASES = {
    "us": "United States",
    "u.s.": "United States",
    "u.s": "United States",
    "usa": "United States",
    "u.s.a.": "United States",
    "u.s.a": "United States",
    "united states": "United States",
    "united states of america": "United States",
    "america": "United States",
    "uk": "United Kingdom",
    "u.k.": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "united kingdom": "United Kingdom",
    "prc": "China",
    "people's republic of china": "China",
    "people’s republic of china": "China",
    "un": "United Nations",
    "u.n.": "United Nations",
    "united nations": "United Nations",
    "eu": "European Union",
    "e.u.": "European Union",
    "european union": "European Union",
    "uae": "United Arab Emirates",
    "u.a.e.": "United Arab Emirates",
}

# Head nouns of descriptions that can stand for a titled person ("the Secretary").
ROLE_HEADS = _words(
    """
    secretary president leader diplomat minister premier chairman chairwoman director
    senator governor official envoy ambassador councilor councillor chancellor mayor
    speaker congressman congresswoman lawmaker spokesman spokeswoman
    """
)

# Generic heads and the title words that make a person fit them.
ROLE_CLASSES: dict[str, frozenset[str]] = {
    "leader": frozenset({"president", "premier", "leader", "chairman", "king", "chancellor"}),
    "diplomat": frozenset(
        {"diplomat", "ambassador", "envoy", "councilor", "councillor", "foreign", "state"}
    ),
    "official": frozenset(
        {
            "secretary",
            "minister",
            "diplomat",
            "director",
            "councilor",
            "councillor",
            "official",
            "ambassador",
            "envoy",
        }
    ),
    "lawmaker": frozenset({"senator", "sen.", "rep.", "representative", "congressman"}),
}

# Modifiers a description may carry that say nothing about who is meant.
NEUTRAL_MODIFIERS = _words(
    """
    top senior visiting former new outgoing incoming chief veteran then-secretary
    highest-ranking high-ranking country's country’s nation's nation’s
    """
)

_POSSESSIVE = re.compile(r"(?:['’]s?|['’])$")
_EDGE = ' \t\n\r\u00a0•·-–—,;:()[]"“”‘’'


def strip_possessive(surface: str) -> str:
    """'Nancy Pelosi’s' -> 'Nancy Pelosi'."""
    return _POSSESSIVE.sub("", surface)


def clean_surface(surface: str) -> str:
    """Trim bullets, quote marks, punctuation and possessives from a mention's edges."""
    return strip_possessive(surface.strip(_EDGE)).strip(_EDGE)


def strip_titles(name: str) -> str:
    """'U.S. Secretary of State Antony Blinken' -> 'Antony Blinken'; keeps one token."""
    tokens = clean_surface(name).split()
    while len(tokens) > 1:
        low = tokens[0].lower()
        if low in TITLE_WORDS or low in NATIONALITY or low in {"of", "the"}:
            tokens.pop(0)
            continue
        break
    return " ".join(tokens)


def title_words(name: str) -> list[str]:
    """The title and nationality words that :func:`strip_titles` removes, lower case."""
    kept = strip_titles(name).split()
    tokens = clean_surface(name).split()
    return [t.lower() for t in tokens[: len(tokens) - len(kept)]]


def place_key(surface: str) -> str:
    """Lower-case key of a non-person name: no leading 'the', no possessive."""
    key = clean_surface(surface)
    if key.lower().startswith("the "):
        key = key[4:]
    return " ".join(key.split()).lower()


def place_canonical(surface: str) -> str:
    """'the U.S.' -> 'United States'; other names keep their spelling, without 'the'."""
    key = place_key(surface)
    if key in PLACE_ALIASES:
        return PLACE_ALIASES[key]
    name = clean_surface(surface)
    if name.lower().startswith("the "):
        name = name[4:]
    return " ".join(name.split())


def nationality(word: str) -> str | None:
    """The country key of a nationality or country word, if known."""
    return NATIONALITY.get(strip_possessive(word.lower()))


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions)."""
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def is_name_typo(a: str, b: str) -> bool:
    """Two spellings of one multi-word name: same word count, same initials, tiny edit."""
    ta, tb = a.lower().split(), b.lower().split()
    if a == b or len(ta) != len(tb) or len(ta) < 2:
        return False
    if any(x[0] != y[0] for x, y in zip(ta, tb, strict=True)):
        return False
    # Each word is either identical or one or two edits apart (but never a short word).
    total = 0
    for x, y in zip(ta, tb, strict=True):
        if x == y:
            continue
        if min(len(x), len(y)) < 4:
            return False
        total += levenshtein(x, y)
    return 0 < total <= (1 if len(a) < 10 else 2)
