"""Coarse part-of-speech tags from the tagger's fine tags, without spaCy's attribute ruler.

The English pipelines map fine tags (``VBD``, ``NNP``) to coarse ones (``VERB``,
``PROPN``) with an ``attribute_ruler``: a token ``Matcher`` run over every token of every
document, about a fifth of the whole parse on long articles. newsweave reads only the
coarse tag (never the morphology), so :class:`CoarseTagger` compiles the same ruler's
patterns into rules indexed by fine tag and applies them in one pass over the token
arrays. Of the two-token patterns only those that set the second token's coarse tag
("there" + "is" -> VERB) matter; the others ("gon na") set morphology and are skipped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy

Test = Callable[[str], bool]
FACTORY = "newsweave_coarse_tags"
_KEYS = frozenset({"TAG", "LOWER", "DEP", "IS_SPACE"})


def _test(value: Any) -> Test:
    """A string test from a Matcher token-pattern value (exact, IN, NOT_IN)."""
    if isinstance(value, str):
        return value.__eq__
    if isinstance(value, dict) and set(value) == {"IN"}:
        return frozenset(value["IN"]).__contains__
    if isinstance(value, dict) and set(value) == {"NOT_IN"}:
        banned = frozenset(value["NOT_IN"])
        return lambda s: s not in banned
    raise ValueError(f"unsupported pattern value {value!r}")


@dataclass(frozen=True)
class _Token:
    """One token of a pattern: every present test must hold."""

    tag: Test | None
    lower: Test | None
    dep: Test | None
    is_space: bool | None

    @classmethod
    def of(cls, pattern: dict[str, Any]) -> _Token:
        return cls(
            tag=_test(pattern["TAG"]) if "TAG" in pattern else None,
            lower=_test(pattern["LOWER"]) if "LOWER" in pattern else None,
            dep=_test(pattern["DEP"]) if "DEP" in pattern else None,
            is_space=pattern.get("IS_SPACE"),
        )

    def holds(self, row: Sequence[int], strings: Any) -> bool:
        tag_id, lower_id, dep_id, space = row[:4]
        if self.is_space is not None and self.is_space != bool(space):
            return False
        if self.tag is not None and not self.tag(_name(strings, tag_id)):
            return False
        if self.lower is not None and not self.lower(_name(strings, lower_id)):
            return False
        return self.dep is None or self.dep(_name(strings, dep_id))


@dataclass(frozen=True)
class _Rule:
    order: int
    pos: str
    token: _Token
    before: _Token | None  # the token before, for two-token patterns


def _name(strings: Any, key: int) -> str:
    return str(strings[key]) if key else ""


def _fine_tags(pattern: dict[str, Any]) -> list[str] | None:
    """The fine tags a pattern token is limited to, or None when it is not limited."""
    tag = pattern.get("TAG")
    if isinstance(tag, str):
        return [tag]
    if isinstance(tag, dict) and set(tag) == {"IN"}:
        return list(tag["IN"])
    return None


class CoarseTagger:
    """Sets ``Token.pos`` with the rules of an attribute ruler's patterns that set a coarse
    tag; later patterns win, as in spaCy."""

    def __init__(self, patterns: Iterable[dict[str, Any]]) -> None:
        self._by_tag: dict[str, list[_Rule]] = defaultdict(list)
        self._any_tag: list[_Rule] = []
        for order, entry in enumerate(patterns):
            pos = entry.get("attrs", {}).get("POS")
            index = entry.get("index", 0)
            for pattern in entry["patterns"]:
                if pos is None or not all(set(t) <= _KEYS for t in pattern):
                    continue
                if len(pattern) == 1:
                    before = None
                elif len(pattern) == 2 and index in (1, -1):
                    before = _Token.of(pattern[0])
                else:
                    continue
                rule = _Rule(order, pos, _Token.of(pattern[-1]), before)
                tags = _fine_tags(pattern[-1])
                if tags is None:
                    self._any_tag.append(rule)
                for tag in tags or ():
                    self._by_tag[tag].append(rule)

    def _rules(self, tag: str) -> list[_Rule]:
        return sorted([*self._by_tag.get(tag, ()), *self._any_tag], key=lambda r: r.order)

    def __call__(self, doc: Any) -> Any:
        if not len(doc):
            return doc
        strings = doc.vocab.strings
        columns = doc.to_array(["TAG", "LOWER", "DEP", "IS_SPACE", "POS"]).tolist()
        pos = [row[4] for row in columns]
        by_tag: dict[int, tuple[list[_Rule], bool]] = {}
        seen: dict[tuple[int, ...], str | None] = {}  # token signature -> coarse tag
        for i, row in enumerate(columns):
            known = by_tag.get(row[0])
            if known is None:
                rules = self._rules(_name(strings, row[0]))
                known = by_tag[row[0]] = (rules, any(r.before for r in rules))
            rules, looks_back = known
            if not rules:
                continue
            key = tuple(row[:4] + (columns[i - 1][:4] if looks_back and i else []))
            if key in seen:
                found = seen[key]
            else:
                found = seen[key] = self._coarse(rules, i, columns, strings)
            if found is not None:
                pos[i] = strings.add(found)
        doc.from_array(["POS"], numpy.asarray(pos, dtype="uint64").reshape(-1, 1))
        return doc

    @staticmethod
    def _coarse(
        rules: Sequence[_Rule], i: int, columns: list[list[int]], strings: Any
    ) -> str | None:
        found: str | None = None
        for rule in rules:
            if not rule.token.holds(columns[i], strings):
                continue
            if rule.before is not None and (
                i == 0 or not rule.before.holds(columns[i - 1], strings)
            ):
                continue
            found = rule.pos
        return found


def _make(nlp: Any, name: str, patterns: list[dict[str, Any]]) -> CoarseTagger:
    return CoarseTagger(patterns)


def install(nlp: Any) -> None:
    """Replace the pipeline's attribute ruler (if any) with a :class:`CoarseTagger` built
    from its patterns, under the same name and at the same place in the pipeline."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    from spacy.language import Language

    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY, func=_make)
    patterns = [dict(p) for p in nlp.get_pipe("attribute_ruler").patterns]
    nlp.replace_pipe("attribute_ruler", FACTORY, config={"patterns": patterns})
