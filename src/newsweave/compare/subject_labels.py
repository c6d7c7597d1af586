"""Readable subjects for context claims, in the words of the claim's own sentence.

A context claim has no structured subject, so the brief names it from its sentence: a place
by the event it locates ("place of the meeting with Xi Jinping", "where Antony Blinken met
with Xi Jinping"), a count by its counted noun and verb ("number of crew members
injured"), an amount by who gives it and what for ("amount national government pledged for
new harbour radar and training"), a date or length by the clause it times ("when officials
signed the Kessel Bay Harbour Safety Accord"), a quotation by its opening words. Labels are
at most MAX_WORDS words, unstemmed; they never enter a fact's id.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from newsweave.analyze.numbers import SMALL, TENS
from newsweave.model import Mention

MAX_WORDS = 10


def _words_of(text: str) -> list[str]:
    return text.split()


RX_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# where a clause starts for a subject and its verb: a dash, a semicolon, a colon, a comma
RX_CLAUSE_CUT = re.compile(r"\s[-–—]\s|[;:,(]")
EVENT_NOUNS = frozenset(
    _words_of(
        "meeting meetings talks visit trip summit speech address event ceremony conference "
        "rally debate session attack attacks bombing strike fire blaze crash explosion shooting "
        "protest protests election vote hearing interview wedding funeral"
    )
)
# common verbs that do not end in -ed
VERBS = frozenset(
    _words_of(
        "met meet meets meeting spoke speak speaks arrived arrives visit visits visiting held hold "
        "holds signed sign signs told tell tells said say says air airs airing aired run runs "
        "running ran live lives living struck strike strikes broke break breaks caught catch "
        "began begin begins begun fought hit hits killed kill kills won win wins lost lose "
        "gave give gives paid pay pays took take takes made make makes left leave leaves flew "
        "fly flies landed opened closed ended ends end pledged pledge pledges provide provides "
        "contribute contributes spend spends spent cost costs costing raise raises raised "
        "marry marries married serve serves served"
    )
)
NOT_VERBS = frozenset(_words_of("red bed need seed speed feed hundred united based armed shed"))
NUMBER_WORDS = frozenset(
    [*SMALL, *TENS, "hundred", "hundreds", "thousand", "thousands", "million", "millions"]
)
APPROX_WORDS = frozenset(
    _words_of(
        "a an the about around roughly some approximately estimated nearly almost over more than "
        "less fewer at least up to under just some several dozen dozens few couple of"
    )
)
PRONOUNS = frozenset(_words_of("it them this that these those its their"))
DETERMINERS = frozenset(_words_of("the a an this that these those its their his her our"))


def is_verb(word: str) -> bool:
    """A verb by its form: a listed verb, or a word of 5+ letters ending in -ed."""
    low = word.lower()
    if low in NOT_VERBS:
        return False
    return low in VERBS or (len(low) >= 5 and low.endswith("ed") and low.isalpha())


def _clip(words: Sequence[str], limit: int = MAX_WORDS) -> str:
    return " ".join(words[:limit])


def _words(text: str) -> list[tuple[str, int]]:
    return [(m.group(), m.start()) for m in RX_TOKEN.finditer(text)]


def _clause_start(text: str, sentence_start: int, at: int) -> int:
    cuts = [m.end() for m in RX_CLAUSE_CUT.finditer(text, sentence_start, at)]
    return cuts[-1] if cuts else sentence_start


def _person_in(mentions: Sequence[Mention], start: int, end: int, last: bool) -> str | None:
    found = [m for m in mentions if m.label == "PERSON" and start <= m.start and m.end <= end]
    if not found:
        return None
    return (found[-1] if last else found[0]).canonical


LEADING = DETERMINERS | frozenset(_words_of("and or of to in on at during after before as"))
SUBORDINATORS = frozenset(_words_of("that which who when while because if whether"))


def _trim(words: list[str]) -> list[str]:
    while words and words[0].lower() in LEADING:
        words = words[1:]
    return words


def place_label(
    text: str, sentence: tuple[int, int], prep: int, mentions: Sequence[Mention]
) -> str:
    """The event a locative ("in Beijing", starting at ``prep``) places: the nearest event
    noun or verb before it in its sentence, with the people around that verb."""
    s, _ = sentence
    start = max(s, text.rfind(";", s, prep) + 1)
    words = _words(text[start:prep])
    for n in range(len(words) - 1, -1, -1):
        word, offset = words[n]
        at = start + offset
        after_word = at + len(word)
        if word.lower() in EVENT_NOUNS:
            other = _person_in(mentions, after_word, prep, last=False)
            return "place of the " + word.lower() + (f" with {other}" if other else "")
        if is_verb(word) and word[0].islower():
            subject = _person_in(mentions, start, at, last=True)
            obj = _person_in(mentions, after_word, prep, last=False)
            if subject is None:
                head = _trim([w for w, _ in words[max(0, n - 3) : n]])
                subject = " ".join(head) or None
            parts = [subject, word]
            if obj:
                nxt = words[n + 1][0].lower() if n + 1 < len(words) else ""
                parts += [nxt] if nxt in ("with", "to") else []
                parts.append(obj)
            return "where " + _clip([p for p in parts if p], MAX_WORDS - 1)
    tail = _trim([w for w, _ in words[-4:]])
    return "place" + (f" of {' '.join(tail)}" if tail else "")


def counted_noun(qtext: str, unit: str, stem: Callable[[str], str]) -> list[str]:
    """The counted words of a count ("12 crew members" -> crew members), up to its unit."""
    words = [w for w, _ in _words(qtext)]
    while words and (words[0].lower() in NUMBER_WORDS or words[0].lower() in APPROX_WORDS):
        words = words[1:]
    for n, w in enumerate(words):
        if stem(w) == unit:
            return words[: n + 1][-4:]
    # the finder's unit is not a word of the text ("nine port cities signing"): up to the
    # first plural
    plural = next((n for n, w in enumerate(words) if w.endswith("s") and not w.endswith("ss")), 0)
    return words[: plural + 1][-4:]


RX_VERB_AFTER = re.compile(
    r"\s+(?:(?:were|was|are|is|have been|had been|been|will be|had|have|has)\s+)?([a-z]+)\b"
)
RX_VERB_BEFORE = re.compile(
    r"\b([a-z]+)\s+(?:(?:at least|about|some|nearly|almost|more than|another)\s+)?$"
)


def count_label(text: str, start: int, end: int, noun: Sequence[str]) -> str:
    """'number of crew members injured': the counted noun and the verb next to it."""
    label = "number of " + " ".join(noun)
    after = RX_VERB_AFTER.match(text, end)
    if after and is_verb(after.group(1)) and after.group(1).endswith("ed"):
        return _clip(f"{label} {after.group(1)}".split())
    before = RX_VERB_BEFORE.search(text[max(0, start - 30) : start])
    if before and is_verb(before.group(1)) and before.group(1).endswith("ed"):
        return _clip(f"{label} {before.group(1)}".split())
    return _clip(label.split())


RX_ADJECTIVE_LENGTH = re.compile(r"-(?:minute|hour|day|week|month|year)$")
RX_PURPOSE = re.compile(
    r"(?:\s+(?:over|for|in|within)\s+(?:the\s+next\s+)?[\w-]+\s+(?:years?|months?|weeks?))?"
    r",?\s+(?:to\s+pay\s+for|to\s+fund|to\s+support|to\s+buy|to\s+build|mostly\s+for|"
    r"mainly\s+for|for|on)\s+([^,.;:()“”\"]+)"
)


def predicate_label(
    kind: str,
    text: str,
    sentence: tuple[int, int],
    span: tuple[int, int],
    mentions: Sequence[Mention],
) -> str:
    """Dates, lengths, amounts and percentages: the clause's subject and verb before the
    value and its object ("when officials signed the Kessel Bay Harbour Safety Accord");
    an amount also says what it is for."""
    start, end = span
    s, e = sentence
    if kind == "duration" and RX_ADJECTIVE_LENGTH.search(text, start, end):
        thing: list[str] = []
        for w, _ in _words(text[end:e]):
            if w.lower() in LEADING | SUBORDINATORS or is_verb(w) or len(thing) == 4:
                break
            thing.append(w)
        if thing:
            return "length of the " + " ".join(thing)
    lead = {"date": "when", "duration": "how long", "money": "amount", "percent": "share"}[kind]
    clause = _clause_start(text, s, start)
    words = _words(text[clause:start])
    verb_at = next((n for n in range(len(words) - 1, -1, -1) if is_verb(words[n][0])), None)
    parts: list[str] = []
    if verb_at is not None:
        verb, offset = words[verb_at]
        subject = _person_in(mentions, clause, clause + offset, last=True)
        head = [subject] if subject else _trim([w for w, _ in words[:verb_at]][-3:])
        obj: list[str] = []
        for w, _ in words[verb_at + 1 :]:
            if w.lower() in SUBORDINATORS or w.lower() in NUMBER_WORDS or len(obj) == 5:
                break
            obj.append(w)
        obj = _trim(obj)
        while obj and obj[-1].lower() in LEADING | {"for", "by", "from", "over"}:
            obj = obj[:-1]
        parts = [*head, verb, *obj]
    if kind == "money":
        purpose = RX_PURPOSE.match(text, end, e)
        if purpose:
            what = _trim(purpose.group(1).split())[:6]
            if what and what[0].lower() not in PRONOUNS:
                parts = [*parts[: MAX_WORDS - 2 - len(what)], "for", *what]
    if not parts:  # no verb in the clause: the words before the value
        near = _trim([w for w, _ in _words(text[s:start])][-4:])
        return f"{lead} ({' '.join(near)})" if near else ""
    return _clip([lead, *parts])


def quotation_label(quote: str) -> str:
    """'who said “We will rebuild every pier…”': the quotation's first words."""
    words = quote.split()
    opening = " ".join(words[: MAX_WORDS - 2])
    return f"who said “{opening}{'…' if len(words) > MAX_WORDS - 2 else ''}”"
