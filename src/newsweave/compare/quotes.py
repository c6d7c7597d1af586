"""One statement quoted by several outlets becomes one story quote with variants.

Two quotes are the same statement when their content words overlap enough, compared with a
tolerance for translation and spelling: words are lower-cased, lightly stemmed and mapped
through a small synonym table ("party" ~ "side", "wishes" ~ "will"), so two English
translations of one statement align ("neither side should try to shape the other side by
its own will" ~ "Neither party can shape the other according to its wishes"). Overlap is
measured against the shorter quote (a fragment quoted by one outlet matches the full
statement quoted by another) and must cover several words.

Only direct quotes (text in quote marks) are aligned: reported speech without quote marks is
a claim, compared elsewhere. :func:`speaker_conflicts` reports a statement that outlets
attribute to different speakers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from newsweave.model import Claim, Conflict, Quote, StoryQuote, content_id

MIN_SHARED = 4  # content words two quotes must share
MIN_OVERLAP = 0.5  # shared words / content words of the shorter quote
MIN_SAME_ARTICLE = 0.8  # the same within one article
MIN_WORDS = 4  # a quote without a speaker shorter than this is a phrase, not a statement

_STOPWORDS = frozenset(
    """
    a an the and or but nor so of to in on at by
    for with from as into onto than then that this these those it its
    it's is are was were be been being am do does did have has
    had i we you he she they me us him her them my our
    your his their mine ours yours will would shall should can could may might
    must not no also too very just even still less let alone only all
    any some each both either neither one other others own there here what which
    who whom whose when where why how if about over under again
    """.split()  # noqa: SIM905
)
# Words kept (not stop words) although they are short function words in the table above.
_KEEP = frozenset({"neither", "other", "own", "will"})
_SYNONYMS = {
    "party": "side",
    "parties": "side",
    "sides": "side",
    "wish": "will",
    "wishes": "will",
    "desire": "will",
    "desires": "will",
    "liking": "will",
    "mold": "shape",
    "mould": "shape",
    "reshape": "shape",
    "remake": "shape",
    "nation": "country",
    "nations": "country",
    "countries": "country",
    "u.s.": "us",
    "america": "us",
    "american": "us",
    "legitimate": "legitimate",
    "lawful": "legitimate",
    "rightful": "legitimate",
    "rights": "right",
    "deprive": "deprive",
    "depriving": "deprive",
    "development": "develop",
    "developing": "develop",
    "relations": "relation",
    "relationship": "relation",
    "ties": "relation",
    "talks": "talk",
    "discussion": "talk",
    "discussions": "talk",
    "conversation": "talk",
    "hope": "hope",
    "hopes": "hope",
    "expectation": "expect",
    "expectations": "expect",
}


def content_words(text: str) -> set[str]:
    """The normalised content words of a quote (see the module docstring)."""
    words: set[str] = set()
    for raw in re.findall(r"[a-z0-9][a-z0-9.'’\-]*", text.lower()):
        word = raw.strip(".'’-").replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        if not word or (word in _STOPWORDS and word not in _KEEP):
            continue
        word = _SYNONYMS.get(word, word)
        words.add(_stem(word))
    return words


def _stem(word: str) -> str:
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: len(word) - len(suffix)] + keep
    return word


def similarity(a: str, b: str) -> float:
    """Shared content words over the content words of the shorter quote (0..1); 0 when
    fewer than ``MIN_SHARED`` words are shared, unless the two word sets are equal."""
    return word_overlap(content_words(a), content_words(b))


def word_overlap(wa: set[str], wb: set[str]) -> float:
    """:func:`similarity` of two quotes given their content words."""
    if not wa or not wb:
        return 0.0
    if wa == wb:
        return 1.0
    shared = len(wa & wb)
    if shared < MIN_SHARED:
        return 0.0
    return shared / min(len(wa), len(wb))


@dataclass(frozen=True)
class _Item:
    article: str
    quote: Quote
    text: str


def _items(
    quotes: Mapping[str, Sequence[Quote]], texts: Mapping[str, str], min_words: int
) -> list[_Item]:
    items: list[_Item] = []
    for article in sorted(quotes):
        source = texts.get(article)
        for quote in quotes[article]:
            text = source[quote.start : quote.end] if source else quote.text
            if quote.speaker is None and len(text.split()) < min_words:
                continue
            items.append(_Item(article, quote, text))
    return items


def _groups(items: Sequence[_Item]) -> list[list[_Item]]:
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    words = [content_words(item.text) for item in items]
    for i, a in enumerate(items):
        for j in range(i + 1, len(items)):
            b = items[j]
            # Within one article only near-repeats merge (a lede printed twice).
            need = MIN_SAME_ARTICLE if a.article == b.article else MIN_OVERLAP
            if word_overlap(words[i], words[j]) >= need:
                parent[find(i)] = find(j)
    grouped: dict[int, list[_Item]] = {}
    for i, item in enumerate(items):
        grouped.setdefault(find(i), []).append(item)
    return list(grouped.values())


def _representative(group: Sequence[_Item]) -> _Item:
    return min(
        group,
        key=lambda it: (it.quote.speaker is None, -len(it.text), it.article, it.quote.start),
    )


def _speaker(group: Sequence[_Item], rep: _Item) -> str | None:
    names = Counter(it.quote.speaker for it in group if it.quote.speaker)
    if not names:
        return None
    best = max(names.values())
    if rep.quote.speaker and names[rep.quote.speaker] == best:
        return rep.quote.speaker
    return min(name for name, count in names.items() if count == best)


def _quote_id(speaker: str | None, text: str) -> str:
    first = " ".join(re.findall(r"[a-z0-9]+", text.lower())[:8])
    return content_id((speaker or "").lower().strip(), first, prefix="q_")


def _claim(item: _Item) -> Claim:
    return Claim(item.article, item.quote.start, item.quote.end, item.text, item.quote.speaker)


def align_quotes(
    quotes: Mapping[str, Sequence[Quote]],
    texts: Mapping[str, str],
    min_words: int = MIN_WORDS,
) -> list[StoryQuote]:
    """The quotes of one story, each statement once, with the other outlets' versions as
    ``variants``. Speakerless phrases shorter than ``min_words`` words are left out.
    Ordered by the number of outlets quoting the statement, then by first appearance."""
    items = _items(quotes, texts, min_words)
    story_quotes: list[tuple[tuple[int, str, int], StoryQuote]] = []
    for group in _groups(items):
        rep = _representative(group)
        speaker = _speaker(group, rep)
        variants = tuple(
            _claim(it)
            for it in sorted(group, key=lambda it: (it.article, it.quote.start))
            if it is not rep
        )
        sq = StoryQuote(
            id=_quote_id(speaker, rep.text),
            speaker=speaker,
            text=rep.text,
            article=rep.article,
            start=rep.quote.start,
            end=rep.quote.end,
            variants=variants,
        )
        first = min(group, key=lambda it: (it.article, it.quote.start))
        outlets = len({it.article for it in group})
        story_quotes.append(((-outlets, first.article, first.quote.start), sq))
    return [sq for _, sq in sorted(story_quotes, key=lambda pair: pair[0])]


def speaker_conflicts(
    quotes: Mapping[str, Sequence[Quote]],
    texts: Mapping[str, str],
    min_words: int = MIN_WORDS,
) -> list[Conflict]:
    """Statements that different articles attribute to different speakers
    (kind ``quote-speaker``; each claim's ``value`` is the speaker that article names)."""
    conflicts: list[Conflict] = []
    for group in _groups(_items(quotes, texts, min_words)):
        speakers = {it.quote.entity or it.quote.speaker for it in group if it.quote.speaker}
        if len(speakers) < 2 or len({it.article for it in group}) < 2:
            continue
        rep = _representative(group)
        qid = _quote_id(_speaker(group, rep), rep.text)
        claims = tuple(
            _claim(it)
            for it in sorted(group, key=lambda it: (it.article, it.quote.start))
            if it.quote.speaker
        )
        subject = " ".join(rep.text.split()[:12])
        conflicts.append(
            Conflict(
                id=content_id("quote-speaker", qid, prefix="c_"),
                kind="quote-speaker",
                subject=subject,
                severity="major",
                claims=claims,
            )
        )
    return sorted(conflicts, key=lambda c: c.id)
