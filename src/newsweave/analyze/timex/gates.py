"""Where each rule's regex can start a match, so a scan tries only those places.

Every rule's regex begins with the same lookbehind (no word character, ``$``, ``.`` or
``-`` before it), so a match starts at the start of a "token": a run of letters, or one
other non-space character. Most rules can only start with a few words ("the", "last",
"a", a number, a month name, ...). At import, the possible starts of each rule are read
from its parsed pattern as *atoms*: the lower-case ASCII letters a match must begin with
(a prefix of its first word), one exact non-letter character, or any decimal digit.
A rule with a start we cannot pin down (``\\s``, ``\\w``, ``.``, a negated class, ...)
gets no gate and is scanned as before.

:func:`scan` then finds the tokens once per text, and for each gated rule calls
``regex.match`` at the tokens whose text agrees with one of the rule's atoms, skipping
those inside the previous match: the same matches, in the same order, as ``finditer``
(the regex cannot match elsewhere, and no rule matches the empty string).

Atoms are lower case and case is ignored when comparing (a superset of what the rules
accept). Letters outside ASCII can match ASCII letters case-insensitively ("ı" ~ "i",
"ſ" ~ "s", Kelvin sign ~ "k"), so a token holding any is tried with every rule.
"""

from __future__ import annotations

import importlib
import re
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .patterns import RULES


def _regex_parser() -> tuple[Any, Any]:
    """The parser and constants ``re`` itself uses (only read, at import)."""
    try:  # Python 3.11+
        return importlib.import_module("re._parser"), importlib.import_module("re._constants")
    except ImportError:  # pragma: no cover - older Pythons name them apart
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            return importlib.import_module("sre_parse"), importlib.import_module("sre_constants")


sre_parse, sc = _regex_parser()


# The rules' shared lookbehind, and what a match may start with after it.
_TOKEN = re.compile(r"(?<![\w$£€.-])(?:[^\W\d_]+|\S)")
_DIGIT = "<digit>"  # atom: any decimal digit (``\d`` on str patterns is Unicode)
_MAX_PREFIX = 8  # letters kept per atom: enough to tell words apart
_MAX_CLASS = 64  # a character class wider than this ends an atom (or ungates the rule)
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

Item = tuple[Any, Any]  # (opcode, argument) of a parsed pattern
_STOP: Item = (None, None)  # a made-up opcode: the atom ends here


class _Ungated(Exception):
    """The rule can start with something an atom does not describe."""


def _end(prefix: str) -> set[str]:
    if not prefix:
        raise _Ungated
    return {prefix}


def _add(char: str, rest: Sequence[Item], prefix: str) -> set[str]:
    """The atoms after reading the literal ``char`` with ``rest`` to follow."""
    if char in _ASCII_LETTERS:
        return _walk(rest, prefix + char.lower())
    if prefix:
        return {prefix}  # the first word ends before ``char``
    if char.isspace() or _folds(char):
        raise _Ungated  # tokens skip spaces; a cased non-ASCII character folds unpredictably
    return {char}


def _folds(char: str) -> bool:
    """Whether ``char`` may match another character when case is ignored (beyond ASCII)."""
    return not char.isascii() and (char.isalpha() or char.lower() != char or char.upper() != char)


def _class_chars(items: list[Item]) -> list[str] | None:
    """The characters a ``[...]`` class accepts, or None when it is not a short list."""
    chars: list[str] = []
    for op, av in items:
        if op is sc.LITERAL:
            chars.append(chr(av))
        elif op is sc.RANGE and av[1] - av[0] < _MAX_CLASS:
            chars.extend(chr(c) for c in range(av[0], av[1] + 1))
        else:
            return None
    return chars if len(chars) <= _MAX_CLASS else None


def _walk(items: Sequence[Item], prefix: str) -> set[str]:
    """The atoms a match of ``items`` can start with, given ``prefix`` already read."""
    if len(prefix) >= _MAX_PREFIX or not items:
        return _end(prefix)
    (op, av), rest = items[0], items[1:]
    if op is None:
        return _end(prefix)
    if op in (sc.AT, sc.ASSERT, sc.ASSERT_NOT):
        return _walk(rest, prefix)  # zero-width: dropping a condition only widens the gate
    if op is sc.LITERAL:
        return _add(chr(av), rest, prefix)
    if op is sc.SUBPATTERN:
        return _walk([*av[-1].data, *rest], prefix)
    if op is sc.BRANCH:
        return set().union(*(_walk([*alt.data, *rest], prefix) for alt in av[1]))
    if op in (sc.MAX_REPEAT, sc.MIN_REPEAT):
        lo, _hi, body = av
        once = _walk([*body.data, _STOP], prefix)  # one pass, then stop: a shorter atom
        return once | _walk(rest, prefix) if lo == 0 else once
    if op is sc.IN:
        return _class(av, rest, prefix)
    return _end(prefix)


def _class(av: list[Item], rest: Sequence[Item], prefix: str) -> set[str]:
    chars = _class_chars(av)
    if chars is not None:
        return set().union(*(_add(c, rest, prefix) for c in chars))
    if prefix:
        return {prefix}
    if av == [(sc.CATEGORY, sc.CATEGORY_DIGIT)]:
        return {_DIGIT}
    raise _Ungated


def atoms(regex: re.Pattern[str]) -> frozenset[str] | None:
    """The atoms every match of ``regex`` starts with; None: no gate for this regex."""
    try:
        return frozenset(_walk(sre_parse.parse(regex.pattern, regex.flags).data, ""))
    except _Ungated:
        return None
    except Exception:  # a parser that reads otherwise: scan this rule everywhere, as before
        return None


@dataclass(frozen=True)
class _Gates:
    by_prefix: dict[str, frozenset[int]]  # letters -> the gated rules with that atom
    by_char: dict[str, frozenset[int]]  # one non-letter character -> the gated rules
    digit: frozenset[int]  # the gated rules that can start with any decimal digit
    gated: frozenset[int]
    cache: dict[str, frozenset[int]]  # a token's text -> the gated rules to try there


def _gates() -> _Gates:
    by_prefix: dict[str, set[int]] = {}
    by_char: dict[str, set[int]] = {}
    digit: set[int] = set()
    gated: set[int] = set()
    for i, rule in enumerate(RULES):
        found = atoms(rule.regex)
        if found is None:
            continue
        gated.add(i)
        for atom in found:
            if atom == _DIGIT:
                digit.add(i)
            elif atom[0] in _ASCII_LETTERS:
                by_prefix.setdefault(atom, set()).add(i)
            else:
                by_char.setdefault(atom, set()).add(i)
    return _Gates(
        {k: frozenset(v) for k, v in by_prefix.items()},
        {k: frozenset(v) for k, v in by_char.items()},
        frozenset(digit),
        frozenset(gated),
        {},
    )


GATES = _gates()
_CACHE_SIZE = 100_000  # distinct tokens remembered (news vocabulary repeats)


def _rules_at(token: str) -> frozenset[int]:
    """The gated rules that can start a match at a token with this text."""
    g = GATES
    if not token.isascii() and (len(token) > 1 or _folds(token)):
        return g.gated  # may fold to ASCII letters case-insensitively: try every rule
    if token[0] in _ASCII_LETTERS:
        word = token[:_MAX_PREFIX].lower()
        found: frozenset[int] = frozenset()
        for k in range(1, len(word) + 1):
            found |= g.by_prefix.get(word[:k], frozenset())
        return found
    found = g.by_char.get(token, frozenset())
    return found | g.digit if token.isdecimal() else found


def starts(text: str) -> dict[int, list[int]]:
    """For each gated rule (by index), the token starts in ``text`` it may match at."""
    cache = GATES.cache
    out: dict[int, list[int]] = {i: [] for i in GATES.gated}
    for m in _TOKEN.finditer(text):
        token = m.group()
        rules = cache.get(token)
        if rules is None:
            rules = _rules_at(token)
            if len(cache) < _CACHE_SIZE:
                cache[token] = rules
        for i in rules:
            out[i].append(m.start())
    return out


def scan(regex: re.Pattern[str], text: str, at: list[int] | None) -> Iterator[re.Match[str]]:
    """``regex.finditer(text)``, trying only the starts ``at`` (None: everywhere)."""
    if at is None:
        yield from regex.finditer(text)
        return
    pos = 0
    for s in at:
        if s < pos:
            continue  # inside the previous match, which finditer would have skipped
        m = regex.match(text, s)
        if m is not None:
            yield m
            pos = m.end()
