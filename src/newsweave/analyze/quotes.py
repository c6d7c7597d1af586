"""Direct quotes and who said them.

:func:`quote_spans` finds the text between double quote marks (straight or curly): quotes of
several sentences, quotes continued across paragraphs (a paragraph that opens a quote and
does not close it, followed by one that opens again), and an unbalanced opening mark, which
ends at its paragraph (when it opens the paragraph) or at its sentence, never further.

:func:`find_quotes` adds the speaker. The attribution is looked for in the words around the
quote, in its own sentence and paragraph: a verb of saying after it (``,” X said``,
``,” said X``, ``,” X, an analyst, told reporters``) or before it (``X said: “``, ``X said
the US has “``), ``according to X`` and ``X: “``. The verb's subject is read from the
parse, mapped to the article's linked mentions (so the speaker is a canonical name), and a
pronoun subject ("he said") is resolved to the nearest earlier named person who spoke or
was the subject of a clause. A quote with no attribution of its own inherits the speaker
of the quote before it in the same paragraph, or in the paragraph before when the quote is a
paragraph of its own.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from newsweave.analyze.aliases import ROLE_HEADS, TITLE_WORDS, nationality
from newsweave.analyze.descriptions import Profile, context_roles, fits
from newsweave.analyze.speech import is_speech_verb
from newsweave.model import Mention, Quote

OPEN_MARKS = '“"'
CLOSE_MARKS = '”"'


def _words(text: str) -> list[str]:
    return text.split()


_SENTENCE_END = re.compile(r"[.!?](?=[\s”\"’)]|$)")
# A full stop after these (or after an initial) ends no sentence: "Mr. Steele said".
_ABBREVIATIONS = frozenset(
    _words("mr mrs ms messrs dr sen rep gov gen lt col sgt capt adm prof rev st jr sr vs")
)
_NEXT_CHAR = re.compile(r"[\s”\"’)]*(\S)")
_PRONOUNS = frozenset({"he", "she", "him", "her"})
_PRONOUN_GENDER = {
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
# Things that "say" on someone's behalf, by kind: "the ad says" after "X ran an ad".
_DOCUMENTS = {
    **dict.fromkeys(_words("statement release"), "statement"),
    **dict.fromkeys(_words("ad advertisement commercial spot"), "ad"),
    **dict.fromkeys(_words("letter memo"), "letter"),
}
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_PREFERRED = ("PERSON", "ORG", "NORP", "GPE")
_MAX_FRAME = 220


@dataclass(frozen=True)
class _Span:
    start: int  # quoted text, without marks
    end: int
    opened: int  # offset of the opening mark
    closed: int | None  # offset of the closing mark (None when unbalanced)


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every quoted passage, without the quote marks."""
    return [(s.start, s.end) for s in _spans(text)]


def _spans(text: str) -> list[_Span]:
    spans: list[_Span] = []
    lines = _lines(text)
    pending: int | None = None  # opening mark of a quote continued from an earlier line
    for index, (line_start, line_end) in enumerate(lines):
        open_at: int | None = None
        carried = pending
        pending = None
        pos = line_start
        while pos < line_end:
            ch = text[pos]
            if ch in '“”"':
                role = _role(text, pos, line_start, line_end, open_at is not None)
                if role == "open":
                    if carried is not None and open_at is None and _blank(text, line_start, pos):
                        open_at = carried  # the paragraph re-opens a continued quote
                        carried = None
                    elif open_at is None:
                        open_at = pos
                    else:  # an opening mark inside an open quote: the first one was stray
                        spans.extend(_close_unbalanced(text, open_at, pos, line_start))
                        open_at = pos
                elif role == "close" and open_at is not None:
                    span = _make(text, open_at, pos)
                    if span:
                        spans.append(span)
                    open_at = None
            pos += 1
        if carried is not None:  # the continuation never came
            spans.extend(_close_unbalanced(text, carried, lines[index - 1][1], 0))
        if open_at is not None:
            nxt = lines[index + 1] if index + 1 < len(lines) else None
            if nxt and text[nxt[0]] in OPEN_MARKS:
                pending = open_at
            else:
                spans.extend(_close_unbalanced(text, open_at, line_end, line_start))
    if pending is not None:
        spans.extend(_close_unbalanced(text, pending, len(text), 0))
    return sorted(spans, key=lambda s: s.start)


def _lines(text: str) -> list[tuple[int, int]]:
    """Non-blank lines as (start, end), stripped of surrounding whitespace."""
    out: list[tuple[int, int]] = []
    for match in re.finditer(r"[^\n]+", text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end))
    return out


def _sentence_ends(text: str, start: int, end: int) -> Iterator[int]:
    """Offsets just after each sentence end in [start, end): a full stop after a title
    ("Sen."), an initial ("U.S.") or before a lower-case word ("(D-Calif.) said") is none."""
    for match in _SENTENCE_END.finditer(text, start, end):
        if match.group() != "." or not _abbreviation(text, match.start()):
            yield match.end()


def _sentence_end(text: str, start: int, end: int) -> int | None:
    return next(_sentence_ends(text, start, end), None)


def _abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"[A-Za-z]+$", text[max(0, dot - 12) : dot])
    if word:
        low = word.group().lower()
        if low in _ABBREVIATIONS or (len(low) == 1 and word.group().isupper()):
            return True
    nxt = _NEXT_CHAR.match(text, dot + 1)
    return bool(nxt and nxt.group(1).islower())


def _blank(text: str, start: int, end: int) -> bool:
    return not text[start:end].strip()


def _role(text: str, pos: int, line_start: int, line_end: int, is_open: bool) -> str:
    ch = text[pos]
    if ch == "“":
        return "open"
    if ch == "”":
        return "close"
    before = text[pos - 1] if pos > line_start else " "
    after = text[pos + 1] if pos + 1 < line_end else " "
    if is_open and not before.isspace():
        return "close"
    if not is_open and (before.isspace() or before in "([{—–-/") and not after.isspace():
        return "open"
    if is_open and after.isspace():
        return "close"
    if not is_open and not before.isspace() and (after.isspace() or after in ".,;:!?)"):
        return "close"  # a stray closing mark: ignored
    return "open" if not is_open else "close"


def _make(text: str, open_at: int, close_at: int | None, end: int | None = None) -> _Span | None:
    start = open_at + 1
    stop = close_at if close_at is not None else (end if end is not None else len(text))
    while start < stop and text[start].isspace():
        start += 1
    while stop > start and (text[stop - 1].isspace() or text[stop - 1] in '“"'):
        stop -= 1
    if stop <= start or not any(ch.isalnum() for ch in text[start:stop]):
        return None
    return _Span(start, stop, open_at, close_at)


def _close_unbalanced(text: str, open_at: int, limit: int, line_start: int) -> list[_Span]:
    """An opening mark never closed: to the paragraph end when it opens the paragraph,
    else to the end of its sentence."""
    end = limit
    if open_at != line_start:
        found = _sentence_end(text, open_at + 1, limit)
        if found is not None:
            end = found
    span = _make(text, open_at, None, end)
    return [span] if span else []


def _saying(token: Any) -> bool:
    """A verb of saying, as the parse tags it ("state TV" is not one)."""
    return (
        is_speech_verb(token.text)
        and token.text[0].islower()
        and (not token.tag_ or token.tag_.startswith("VB"))
    )


def is_partial(quote: Quote) -> bool:
    """A quoted phrase inside a sentence (scare quotes, a fragment) rather than a full
    statement: it starts in lower case, or is a few words without sentence punctuation."""
    words = quote.text.split()
    if not words:
        return True
    if quote.text[0].islower():
        return True
    return len(words) <= 4 and not re.search(r"[.!?,]$", quote.text)


def find_quotes(text: str, doc: Any, mentions: Sequence[Mention]) -> list[Quote]:
    """The direct quotes of one article with their speakers (see the module docstring).

    ``mentions`` should be the article's *linked* mentions, so speakers are canonical names.
    """
    if not text.strip():
        return []
    spans = _spans(text)
    if not spans:
        return []
    finder = _Attribution(text, doc, mentions, spans)
    quotes: list[Quote] = []
    for index, span in enumerate(spans):
        speaker = finder.speaker(index)
        if speaker is None:
            speaker = finder.inherited(index, quotes)
        if speaker is None:
            quotes.append(Quote(span.start, span.end, text[span.start : span.end], None))
        else:
            quotes.append(
                Quote(
                    span.start,
                    span.end,
                    text[span.start : span.end],
                    speaker.name,
                    speaker.start,
                    speaker.end,
                    speaker.entity,
                )
            )
        finder.record(span.start, speaker)
    return quotes


@dataclass(frozen=True)
class _Speaker:
    name: str
    start: int
    end: int
    entity: str | None


class _Attribution:
    """Speaker look-up for the quotes of one article."""

    def __init__(
        self, text: str, doc: Any, mentions: Sequence[Mention], spans: Sequence[_Span]
    ) -> None:
        self.text = text
        self.doc = doc
        self.mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        self.spans = spans
        self.lines = _lines(text)
        self.speakers: list[tuple[int, _Speaker]] = []
        self.by_char: dict[int, Any] = {}
        self.genders: dict[str, str] | None = None
        self.profiles: dict[str, Profile] | None = None
        self.token_starts: list[int] = []
        if doc is not None and getattr(doc, "text", None) == text:
            for token in doc:
                self.by_char[token.idx] = token
                self.token_starts.append(token.idx)

    # --- frames -------------------------------------------------------------------------
    def _line_of(self, offset: int) -> tuple[int, int]:
        for start, end in self.lines:
            if start <= offset <= end:
                return start, end
        return offset, offset

    def _inside_quote(self, offset: int) -> bool:
        return any(s.start <= offset < s.end for s in self.spans)

    def _after_frame(self, index: int) -> tuple[int, int]:
        span = self.spans[index]
        start = (span.closed + 1) if span.closed is not None else span.end
        _, line_end = self._line_of(span.end)
        end = min(line_end, start + _MAX_FRAME)
        if index + 1 < len(self.spans):
            end = min(end, self.spans[index + 1].opened)
        found = _sentence_end(self.text, start, end)
        if found is not None:
            end = found
        return start, max(start, end)

    def _before_frame(self, index: int) -> tuple[int, int]:
        span = self.spans[index]
        end = span.opened
        line_start, _ = self._line_of(span.opened)
        start = max(line_start, end - _MAX_FRAME)
        if index > 0:
            prev = self.spans[index - 1]
            prev_end = (prev.closed + 1) if prev.closed is not None else prev.end
            start = max(start, prev_end)
        for stop in _sentence_ends(self.text, start, end):
            if stop < end - 1:
                start = stop
        return start, end

    def _tokens(self, start: int, end: int) -> list[Any]:
        """The tokens starting in [start, end), found by bisection (no scan of the doc)."""
        if self.doc is None or not self.token_starts:
            return []
        first = bisect_left(self.token_starts, start)
        last = bisect_left(self.token_starts, end)
        return list(self.doc[first:last])

    # --- speakers -----------------------------------------------------------------------
    def speaker(self, index: int) -> _Speaker | None:
        after = self._after_frame(index)
        before = self._before_frame(index)
        after_tokens = self._tokens(*after)
        before_tokens = self._tokens(*before)
        # ,” X said / ,” said X / ,” X, a ..., told Bloomberg TV.
        for pos, token in enumerate(after_tokens[:24]):
            if _saying(token):
                if all(not t.is_alpha for t in after_tokens[:pos]):
                    found = self._object_speaker(after_tokens[pos + 1 :], after)
                else:
                    found = self._subject_speaker(token, after, after_tokens[:pos])
                if found:
                    return found
                break
        # X said: “ / X said the US has “ / X told reporters “
        verbs = [t for t in before_tokens if _saying(t)]
        if verbs:
            verb = verbs[-1]
            preceding = [t for t in before_tokens if t.idx < verb.idx]
            found = self._subject_speaker(verb, before, preceding)
            if found:
                return found
        for frame in (before, after):
            found = self._according_to(*frame)
            if found:
                return found
        return self._colon_speaker(*before) or self._lead_in(index)

    def _lead_in(self, index: int) -> _Speaker | None:
        """A quote opening a paragraph after one that ends with a colon ("Gillibrand
        tweeted:", "Trump responded in a statement:"): the speaker of that last sentence."""
        span = self.spans[index]
        line = self._line_of(span.opened)
        if span.opened != line[0] or line not in self.lines:
            return None
        at = self.lines.index(line)
        if at == 0:
            return None
        start, end = self.lines[at - 1]
        if not self.text[start:end].endswith(":"):
            return None
        for stop in _sentence_ends(self.text, start, end):
            if stop < end - 1:
                start = stop
        tokens = [t for t in self._tokens(start, end) if not self._inside_quote(t.idx)]
        verbs = [t for t in tokens if _saying(t)]
        if verbs:
            preceding = [t for t in tokens if t.idx < verbs[-1].idx]
            found = self._subject_speaker(verbs[-1], (start, end), preceding)
            if found:
                return found
        spoken = [sp for pos, sp in self.speakers if start <= pos < end]
        if spoken:
            return spoken[-1]
        # "Trump weighed in on Twitter:": the subject of the sentence's main verb.
        for token in tokens:
            if token.dep_ in _SUBJECT_DEPS and token.head.dep_ == "ROOT":
                return self._token_speaker(token)
        return None

    def _subject_speaker(
        self, verb: Any, frame: tuple[int, int], preceding: Sequence[Any]
    ) -> _Speaker | None:
        for child in verb.children:
            if child.dep_ in _SUBJECT_DEPS and frame[0] <= child.idx < frame[1]:
                found = self._token_speaker(child)
                if found:
                    return found
        # No parse subject: the first person or pronoun of the clause before the verb, else
        # its first name of any kind ("House Majority Leader Steny Hoyer ..., urging").
        named = [self._token_speaker(token, strict=True) for token in preceding]
        people = [f for f, t in zip(named, preceding, strict=True) if f and self._personal(t)]
        return people[0] if people else next((f for f in named if f), None)

    def _personal(self, token: Any) -> bool:
        mention = self._mention_at(token.idx)
        return token.text.lower() in _PRONOUNS or (
            mention is not None and mention.label == "PERSON"
        )

    def _object_speaker(self, tokens: Sequence[Any], frame: tuple[int, int]) -> _Speaker | None:
        for token in tokens[:8]:
            found = self._token_speaker(token, strict=True)
            if found:
                return found
            if token.text.lower() in TITLE_WORDS and token.text[0].isupper():
                continue  # "said Representative Mike Thompson": the name follows
            if token.pos_ in {"NOUN", "PROPN"}:
                return self._noun_phrase(token)
        return None

    def _according_to(self, start: int, end: int) -> _Speaker | None:
        match = re.search(r"\b[Aa]ccording to\s+", self.text[start:end])
        if not match:
            return None
        for token in self._tokens(start + match.end(), end)[:6]:
            found = self._token_speaker(token, strict=True)
            if found:
                return found
        return None

    def _colon_speaker(self, start: int, end: int) -> _Speaker | None:
        head = self.text[start:end].rstrip()
        if not head.endswith(":"):
            return None
        colon = start + len(head) - 1
        for m in reversed(self.mentions):
            if m.end <= colon and not self.text[m.end : colon].strip() and m.start >= start:
                return _Speaker(m.canonical, m.start, m.end, m.entity or None)
        return None

    def _mention_at(self, offset: int) -> Mention | None:
        found = [m for m in self.mentions if m.start <= offset < m.end]
        if not found:
            return None
        rank = {label: i for i, label in enumerate(_PREFERRED)}
        return min(found, key=lambda m: (rank.get(m.label, 9), m.start - m.end))

    def _token_speaker(self, token: Any, strict: bool = False) -> _Speaker | None:
        if self._inside_quote(token.idx):
            return None
        mention = self._mention_at(token.idx)
        if mention is not None:
            return _Speaker(mention.canonical, mention.start, mention.end, mention.entity or None)
        if token.text.lower() in _PRONOUNS:
            return self._pronoun(token)
        if strict:
            return None
        if token.pos_ in {"NOUN", "PROPN"}:
            return self._noun_phrase(token)
        return None

    def _noun_phrase(self, token: Any) -> _Speaker | None:
        """An unnamed speaker ("a spokesman", "US officials"): the words up to the head."""
        start = token.left_edge.idx
        end = token.idx + len(token.text)
        right = token.right_edge.idx + len(token.right_edge.text)
        for m in self.mentions:
            if m.label != "PERSON" or self._inside_quote(m.start):
                continue
            # The name in an appositive around the phrase ("Wang Yi, China's top official
            # blasted", "the senator, Ann Ray,"); a name that only modifies the head ("the
            # Romney campaign", "Obama's spokesman") is not the speaker.
            if start <= m.start and m.end <= right and self._appositive(m, token):
                return _Speaker(m.canonical, m.start, m.end, m.entity or None)
            if m.end <= start and re.fullmatch(r",\s*", self.text[m.end : start]):
                return _Speaker(m.canonical, m.start, m.end, m.entity or None)
        phrase = self.text[start:end]
        if all(w.lower() in TITLE_WORDS for w in phrase.split()):
            return None  # "Gov." alone names nobody
        if not phrase or len(phrase.split()) > 6 or self._inside_quote(start):
            return None
        if token.text.lower() in _DOCUMENTS:
            author = self._author(token)
            if author:
                return author
        if token.text.lower() in ROLE_HEADS and phrase.lower().startswith("the "):
            person = self._role_holder(token, phrase)
            if person:
                return person
        tail = re.match(r"\s+(?:for|of|at)\s[^,;:.“”\"]*", self.text[end:right])
        if tail and len(phrase.split()) + len(tail.group().split()) <= 8:
            end += tail.end()  # "a spokesman for the Obama campaign"
        return _Speaker(self.text[start:end], start, end, None)

    def _role_holder(self, token: Any, phrase: str) -> _Speaker | None:
        """'the Texas governor said': the nearest person named earlier in the article whose
        titles fit the head ("Gov. Rick Perry") and nationality words agree; the nearest
        person who does not fit is never taken."""
        if self.profiles is None:
            self.profiles = {}
            for m in self.mentions:
                if m.label == "PERSON" and m.entity and not self._inside_quote(m.start):
                    known = self.profiles.setdefault(m.canonical, Profile(m.canonical, m.entity))
                    known.add_words(context_roles(self.text, m.start, m.end))
        countries = {c for w in phrase.lower().split() if (c := nationality(w))}
        for m in reversed(self.mentions):
            profile = self.profiles.get(m.canonical)
            if m.start >= token.idx or profile is None or self._inside_quote(m.start):
                continue
            if fits(token.text, profile) and countries <= profile.countries:
                start = token.left_edge.idx
                return _Speaker(m.canonical, start, token.idx + len(token.text), m.entity)
        return None

    def _appositive(self, m: Mention, head: Any) -> bool:
        return any(t.dep_ == "appos" and t.head == head for t in self._tokens(m.start, m.end))

    def _author(self, token: Any) -> _Speaker | None:
        """'the statement continued': whoever the article said put out that statement (the
        subject of the nearest earlier clause naming one, in this or the paragraph before)."""
        line = self._line_of(token.idx)
        at = self.lines.index(line) if line in self.lines else 0
        start = self.lines[max(0, at - 1)][0] if self.lines else 0
        kind = _DOCUMENTS[token.text.lower()]
        earlier = [
            t
            for t in self._tokens(start, token.idx)
            if _DOCUMENTS.get(t.text.lower()) == kind and not self._inside_quote(t.idx)
        ]
        for doc_token in reversed(earlier):
            verb = doc_token.head
            while verb.pos_ not in {"VERB", "AUX"} and verb.head is not verb:
                verb = verb.head
            for child in verb.children:
                if child.dep_ in _SUBJECT_DEPS and child.text.lower() not in _DOCUMENTS:
                    found = self._token_speaker(child)
                    if found:
                        return found
        return None

    def _pronoun(self, token: Any) -> _Speaker | None:
        """'he said': the nearest earlier named person who spoke or was a clause subject,
        skipping people the article refers to with the other pronoun (see :meth:`_gender`)."""
        offset = token.idx
        wanted = _PRONOUN_GENDER.get(token.text.lower())
        candidates: list[tuple[int, str, str | None]] = [
            (pos, spoken.name, spoken.entity)
            for pos, spoken in self.speakers
            if pos < offset and spoken.entity
        ]
        earlier = [
            m
            for m in self.mentions
            if m.label == "PERSON" and m.start < offset and not self._inside_quote(m.start)
        ]
        for m in earlier:
            if any(t.dep_ in _SUBJECT_DEPS for t in self._tokens(m.start, m.end)):
                candidates.append((m.start, m.canonical, m.entity or None))
        for group in (candidates, [(m.start, m.canonical, m.entity or None) for m in earlier]):
            fitting = [c for c in group if self._gender(c[1]) in {None, wanted}]
            if fitting:
                best = max(fitting)
                return _Speaker(best[1], offset, offset + len(token.text), best[2])
        return None

    def _gender(self, canonical: str) -> str | None:
        """'m' or 'f' when the article says so: an honorific (Mr., Ms.), a gendered role
        word next to a mention ("a spokeswoman"), or the he/she that first follows a
        mention in its sentence before any other name. None when unknown or mixed."""
        if self.genders is None:
            votes: dict[str, Counter[str]] = {}
            for m in self.mentions:
                if m.label == "PERSON" and not self._inside_quote(m.start):
                    for vote in self._gender_votes(m):
                        votes.setdefault(m.canonical, Counter())[vote] += 1
            self.genders = {}
            for name, counter in votes.items():
                ranked = counter.most_common()
                if len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]:
                    self.genders[name] = ranked[0][0]
        return self.genders.get(canonical)

    def _gender_votes(self, m: Mention) -> list[str]:
        votes: list[str] = []
        before = self.text[max(0, m.start - 40) : m.start]
        around = before + " " + self.text[m.start : m.end + 40].split(".")[0]
        honorific = re.search(r"\b(Mr|Mrs|Ms|Miss)\.?\s*$", before) or re.match(
            r"(Mr|Mrs|Ms|Miss)\b", self.text[m.start : m.end]
        )
        if honorific:
            votes.append("m" if honorific.group(1) == "Mr" else "f")
        for word in re.findall(r"[a-z]+", around.lower()):
            if word in _GENDERED_WORDS:
                votes.append(_GENDERED_WORDS[word])
        tokens = self._tokens(m.end, min(len(self.text), m.end + 160))
        first = self.by_char.get(m.start)
        sentence_end = first.sent.end_char if first is not None else m.end
        for tok in tokens:
            if tok.idx >= sentence_end or self._inside_quote(tok.idx):
                break
            if tok.ent_type_ == "PERSON":
                break
            gender = _PRONOUN_GENDER.get(tok.text.lower())
            if gender:
                votes.append(gender)
                break
        return votes

    def record(self, position: int, speaker: _Speaker | None) -> None:
        if speaker is not None:
            self.speakers.append((position, speaker))

    def inherited(self, index: int, quotes: Sequence[Quote]) -> _Speaker | None:
        """A full-statement quote with no attribution of its own continues the previous
        quote's speaker when only that quote's attribution stands between them
        (``“A,” X said. “B.”``), or when it is a paragraph of its own right after a
        paragraph that ended with the previous quote or with its attribution (``“A,” X
        said.`` then ``“B.”``)."""
        if index == 0 or not quotes or quotes[-1].speaker is None:
            return None
        prev, span, prev_span = quotes[-1], self.spans[index], self.spans[index - 1]
        gap_start = (prev_span.closed + 1) if prev_span.closed is not None else prev_span.end
        gap = self.text[gap_start : span.opened]
        line = self._line_of(span.opened)
        prev_line = self._line_of(prev_span.opened)
        if prev_line == line and len(gap) <= 200 and _sentence_end(gap, 0, len(gap)) is None:
            pass  # the same sentence goes on: "said China hoped for “A” and “B”"
        elif prev_line == line:
            if span.start < len(self.text) and self.text[span.start].islower():
                return None
            attributed_here = (
                prev.speaker_start is not None and gap_start <= prev.speaker_start < span.opened
            )
            if len(gap) > 200 or not (attributed_here or not re.search(r"[A-Za-z]", gap)):
                return None
        else:
            if is_partial(prev) or self.text[span.start].islower():
                return None
            lines = self.lines
            prev_line = self._line_of(prev_span.end)  # a quote of several paragraphs ends here
            own = span.opened == line[0] and line in lines and prev_line in lines
            if not own or lines.index(line) != lines.index(prev_line) + 1:
                return None
            rest = self.text[gap_start : prev_line[1]]
            attribution_only = (
                prev.speaker_start is not None
                and gap_start <= prev.speaker_start < prev_line[1]
                and len(rest) <= 80
                and _sentence_end(rest, 0, len(rest) - 1) is None
            )
            if re.search(r"[A-Za-z]", rest) and not attribution_only:
                return None  # the previous paragraph went on after its quote and its speaker
        start = prev.speaker_start if prev.speaker_start is not None else prev.start
        end = prev.speaker_end if prev.speaker_end is not None else prev.start
        assert prev.speaker is not None
        return _Speaker(prev.speaker, start, end, prev.entity)
