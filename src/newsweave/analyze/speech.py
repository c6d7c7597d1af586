"""Verbs of saying, in the inflected forms news text uses (the pipeline has no lemmatizer)."""

from __future__ import annotations

_BASES = """
say tell add note state write explain insist argue claim declare warn ask announce reply
respond continue acknowledge admit caution urge contend remark observe recall suggest stress
emphasize emphasise complain predict tweet testify describe praise assert maintain confirm
deny report reiterate vow promise pledge agree counter allege concede boast quip joke scoff
lament recount tout cite blast slam criticize criticise condemn accuse express
denounce plead charge call brand label dub conclude retort exclaim demand concur
"""

_IRREGULAR = {
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote", "writing", "written"),
}


def _forms(base: str) -> tuple[str, ...]:
    if base in _IRREGULAR:
        return (base, *_IRREGULAR[base])
    if base.endswith("e"):
        return (base, base + "s", base + "d", base[:-1] + "ing")
    if base.endswith("y") and base[-2] not in "aeiou":
        return (base, base[:-1] + "ies", base[:-1] + "ied", base + "ing")
    if base.endswith(("sh", "ch", "ss")):
        return (base, base + "es", base + "ed", base + "ing")
    if base in {"admit", "quip", "scoff"}:
        double = base + base[-1] if base != "scoff" else base
        return (base, base + "s", double + "ed", double + "ing")
    return (base, base + "s", base + "ed", base + "ing")


SPEECH_VERBS = frozenset(form for base in _BASES.split() for form in _forms(base))

# Nouns that introduce a source of a statement: "in a statement", "according to".
SOURCE_PHRASES = ("according to",)


def is_speech_verb(word: str) -> bool:
    """True for 'said', 'says', 'told', 'added', ... (case-insensitive)."""
    return word.lower() in SPEECH_VERBS
