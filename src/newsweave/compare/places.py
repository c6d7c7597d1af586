"""Place names as comparable keys: US states and their newsroom abbreviations, countries.

``place_key("Calif.") == place_key("California") == "california"``; ``compare_places`` in
tolerance.py reads these to decide whether two places for one event agree.
"""

from __future__ import annotations

import re

STATE_ABBREV: dict[str, str] = {
    "ala": "alabama", "al": "alabama", "alaska": "alaska", "ak": "alaska",
    "ariz": "arizona", "az": "arizona", "ark": "arkansas", "ar": "arkansas",
    "calif": "california", "cal": "california", "ca": "california", "colo": "colorado",
    "co": "colorado", "conn": "connecticut", "ct": "connecticut", "del": "delaware",
    "de": "delaware", "fla": "florida", "fl": "florida", "ga": "georgia", "hawaii": "hawaii",
    "hi": "hawaii", "idaho": "idaho", "id": "idaho", "ill": "illinois", "il": "illinois",
    "ind": "indiana", "in": "indiana", "iowa": "iowa", "ia": "iowa", "kan": "kansas",
    "kans": "kansas", "ks": "kansas", "ky": "kentucky", "la": "louisiana", "maine": "maine",
    "me": "maine", "md": "maryland", "mass": "massachusetts", "ma": "massachusetts",
    "mich": "michigan", "mi": "michigan", "minn": "minnesota", "mn": "minnesota",
    "miss": "mississippi", "ms": "mississippi", "mo": "missouri", "mont": "montana",
    "mt": "montana", "neb": "nebraska", "nebr": "nebraska", "ne": "nebraska", "nev": "nevada",
    "nv": "nevada", "n.h": "new hampshire", "nh": "new hampshire", "n.j": "new jersey",
    "nj": "new jersey", "n.m": "new mexico", "nm": "new mexico", "n.y": "new york",
    "ny": "new york", "n.c": "north carolina", "nc": "north carolina", "n.d": "north dakota",
    "nd": "north dakota", "ohio": "ohio", "oh": "ohio", "okla": "oklahoma", "ok": "oklahoma",
    "ore": "oregon", "or": "oregon", "pa": "pennsylvania", "penn": "pennsylvania",
    "r.i": "rhode island", "ri": "rhode island", "s.c": "south carolina", "sc": "south carolina",
    "s.d": "south dakota", "sd": "south dakota", "tenn": "tennessee", "tn": "tennessee",
    "tex": "texas", "tx": "texas", "utah": "utah", "ut": "utah", "vt": "vermont",
    "va": "virginia", "wash": "washington", "wa": "washington", "w.va": "west virginia",
    "wv": "west virginia", "wis": "wisconsin", "wisc": "wisconsin", "wi": "wisconsin",
    "wyo": "wyoming", "wy": "wyoming",
}  # fmt: skip

US_STATES = frozenset(STATE_ABBREV.values())

COUNTRIES = frozenset(
    """china russia india japan iran iraq israel syria ukraine mexico canada cuba france germany
    britain england italy spain afghanistan pakistan egypt turkey taiwan korea north_korea
    south_korea saudi_arabia libya lebanon jordan brazil venezuela australia vietnam
    the_united_kingdom united_kingdom the_uk uk the_united_states united_states america""".replace(
        "_", " "
    ).split()
)

RX_STATE_NAME = "|".join(sorted((s.title() for s in US_STATES), key=len, reverse=True))
RX_STATE_ABBR = (
    r"Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Kans|Ky|La|Md|Mass|Mich|Minn|"
    r"Miss|Mo|Mont|Neb|Nebr|Nev|N\.H|N\.J|N\.M|N\.Y|N\.C|N\.D|Okla|Ore|Pa|R\.I|S\.C|S\.D|"
    r"Tenn|Tex|Vt|Va|Wash|W\.Va|Wis|Wyo"
)


def place_key(name: str) -> str:
    """Lower-case key of a place: the part before a comma, a state abbreviation expanded."""
    key = re.sub(r"\s+", " ", name.split(",")[0]).strip().lower()
    bare = key.rstrip(".")
    if bare in STATE_ABBREV and (key.endswith(".") or len(bare) > 2 or bare in US_STATES):
        return STATE_ABBREV[bare]
    return key


def is_state(name: str) -> bool:
    return place_key(name) in US_STATES


def is_country(name: str) -> bool:
    return place_key(name) in COUNTRIES
