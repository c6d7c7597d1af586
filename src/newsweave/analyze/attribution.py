"""Who said a quote: the speaker named in the words around it.

The attribution is looked for in the quote's own sentence and paragraph: a verb of saying
after it (``,” X said``, ``,” said X``, ``,” X, an analyst, told reporters``) or before it
(``X said: “``, ``X said the US has “``), ``according to X`` and ``X: “``, or the sentence
ending in a colon that leads into a paragraph-opening quote. The verb's subject is read from
the parse and mapped to the article's linked mentions (so the speaker is a canonical name);
a pronoun subject ("he said") is resolved to the nearest earlier named person who spoke or
was the subject of a clause and whose gender the article does not contradict; an unnamed
speaker ("a spokesman for the campaign") is kept as its noun phrase unless the article ties
it to a named person ("the Texas governor", "the statement continued").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from newsweave.analyze.aliases import ROLE_HEADS, TITLE_WORDS, nationality
from newsweave.analyze.descriptions import Profile, context_roles, fits
from newsweave.analyze.gender import article_genders, pronoun_gender
from newsweave.analyze.nlp import doc_text
from newsweave.analyze.quote_spans import Span, paragraph_of, paragraphs
from newsweave.analyze.sentence_ends import sentence_end, sentence_ends
from newsweave.analyze.speech import is_speech_verb
from newsweave.model import Mention


def _words(text: str) -> list[str]:
    return text.split()


_PRONOUNS = frozenset({"he", "she", "him", "her"})
# Things that "say" on someone's behalf, by kind: "the ad says" after "X ran an ad".
_DOCUMENTS = {
    **dict.fromkeys(_words("statement release"), "statement"),
    **dict.fromkeys(_words("ad advertisement commercial spot"), "ad"),
    **dict.fromkeys(_words("letter memo"), "letter"),
}
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# How a subjectless verb of saying hangs on the clause that names its subject.
_JOINED = frozenset({"conj", "advcl", "xcomp"})
_PREFERRED = ("PERSON", "ORG", "NORP", "GPE")
_MAX_FRAME = 220


def saying(token: Any) -> bool:
    """A verb of saying, as the parse tags it ("state TV" is not one)."""
    return (
        is_speech_verb(token.text)
        and token.text[0].islower()
        and (not token.tag_ or token.tag_.startswith("VB"))
    )


@dataclass(frozen=True)
class Speaker:
    name: str
    start: int
    end: int
    entity: str | None


class TokenAt(Mapping[int, Any]):
    """The parse token starting at a character offset, found by bisection."""

    def __init__(self, doc: Any, starts: Sequence[int]) -> None:
        self._doc = doc
        self._starts = starts

    def __getitem__(self, offset: int) -> Any:
        k = bisect_left(self._starts, offset)
        if k == len(self._starts) or self._starts[k] != offset:
            raise KeyError(offset)
        return self._doc[k]

    def __iter__(self) -> Iterator[int]:
        return iter(self._starts)

    def __len__(self) -> int:
        return len(self._starts)


class Attribution:
    """Speaker look-up for the quotes of one article."""

    def __init__(
        self, text: str, doc: Any, mentions: Sequence[Mention], spans: Sequence[Span]
    ) -> None:
        self.text = text
        self.doc = doc
        self.mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        self.spans = spans
        self.lines = paragraphs(text)
        self.speakers: list[tuple[int, Speaker]] = []
        self.genders: dict[str, str] | None = None
        self.profiles: dict[str, Profile] | None = None
        self.token_starts: list[int] = []
        if doc is not None and doc_text(doc) == text:
            self.token_starts = [int(i) for i in doc.to_array("IDX").tolist()]
        self.by_char = TokenAt(doc, self.token_starts)
        ordered = sorted(spans, key=lambda s: s.start)
        self._quote_starts = [s.start for s in ordered]
        self._quote_reach = list(accumulate((s.end for s in ordered), max))

    # --- frames -------------------------------------------------------------------------
    def _line_of(self, offset: int) -> tuple[int, int]:
        return paragraph_of(self.lines, offset)

    def _inside_quote(self, offset: int) -> bool:
        k = bisect_right(self._quote_starts, offset)
        return k > 0 and self._quote_reach[k - 1] > offset

    def _after_frame(self, index: int) -> tuple[int, int]:
        span = self.spans[index]
        start = (span.closed + 1) if span.closed is not None else span.end
        _, line_end = self._line_of(span.end)
        end = min(line_end, start + _MAX_FRAME)
        if index + 1 < len(self.spans):
            end = min(end, self.spans[index + 1].opened)
        found = sentence_end(self.text, start, end)
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
        for stop in sentence_ends(self.text, start, end):
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
    def speaker(self, index: int) -> Speaker | None:
        after = self._after_frame(index)
        before = self._before_frame(index)
        after_tokens = self._tokens(*after)
        before_tokens = self._tokens(*before)
        # ,” X said / ,” said X / ,” X, a ..., told Bloomberg TV.
        for pos, token in enumerate(after_tokens[:24]):
            if saying(token):
                if token.text.endswith("ing") and all(not t.is_alpha for t in after_tokens[:pos]):
                    # ,” saying he ...: the subject of the clause the participle hangs on.
                    found = self._governing_subject(token)
                elif all(not t.is_alpha for t in after_tokens[:pos]):
                    found = self._object_speaker(after_tokens[pos + 1 :], after)
                else:
                    found = self._subject_speaker(token, after, after_tokens[:pos], joined=False)
                if found:
                    return found
                break
        # X said: “ / X said the US has “ / X told reporters “
        verbs = [t for t in before_tokens if saying(t)]
        if verbs:
            verb = verbs[-1]
            preceding = [t for t in before_tokens if t.idx < verb.idx]
            found = self._subject_speaker(verb, before, preceding)
            if found:
                return found
        for frame in (before, after):
            found = self._according_to(*frame, ends_open=frame is before)
            if found:
                return found
        return self._colon_speaker(*before) or self._lead_in(index)

    def _lead_in(self, index: int) -> Speaker | None:
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
        for stop in sentence_ends(self.text, start, end):
            if stop < end - 1:
                start = stop
        tokens = [t for t in self._tokens(start, end) if not self._inside_quote(t.idx)]
        verbs = [t for t in tokens if saying(t)]
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
        self, verb: Any, frame: tuple[int, int], preceding: Sequence[Any], joined: bool = True
    ) -> Speaker | None:
        for child in verb.children:
            if child.dep_ in _SUBJECT_DEPS and frame[0] <= child.idx < frame[1]:
                found = self._token_speaker(child)
                if found:
                    return found
        if joined and not any(child.dep_ in _SUBJECT_DEPS for child in verb.children):
            # "X stormed back and said, “...”": the subject of the verb it is joined to (not
            # after the quote: ““...” and urged" hangs on whatever came before the quote).
            found = self._governing_subject(verb)
            if found:
                return found
        # No parse subject: the first person or pronoun of the clause before the verb, else
        # its first name of any kind ("House Majority Leader Steny Hoyer ..., urging").
        named = [self._token_speaker(token, strict=True) for token in preceding]
        people = [f for f, t in zip(named, preceding, strict=True) if f and self._personal(t)]
        return people[0] if people else next((f for f in named if f), None)

    def _governing_subject(self, verb: Any) -> Speaker | None:
        """The subject of the earlier clause a subjectless verb is joined to ("X stormed back
        and said", "X tried to clarify it, saying"): a person or pronoun of the verb's
        paragraph, outside quotes."""
        line = self._line_of(verb.idx)
        seen = 0
        while verb.dep_ in _JOINED and verb.head.i < verb.i and seen < 4:
            verb = verb.head
            seen += 1
            for child in verb.children:
                if child.dep_ in _SUBJECT_DEPS:
                    usable = (
                        line[0] <= child.idx
                        and not self._inside_quote(child.idx)
                        and self._personal(child)
                    )
                    return self._token_speaker(child) if usable else None
        return None

    def _personal(self, token: Any) -> bool:
        mention = self._mention_at(token.idx)
        return token.text.lower() in _PRONOUNS or (
            mention is not None and mention.label == "PERSON"
        )

    def _object_speaker(self, tokens: Sequence[Any], frame: tuple[int, int]) -> Speaker | None:
        for token in tokens[:8]:
            found = self._token_speaker(token, strict=True)
            if found:
                return found
            if token.text.lower() in TITLE_WORDS and token.text[0].isupper():
                continue  # "said Representative Mike Thompson": the name follows
            if token.pos_ in {"NOUN", "PROPN"}:
                return self._noun_phrase(token)
        return None

    def _according_to(self, start: int, end: int, ends_open: bool = False) -> Speaker | None:
        """'according to X' in the frame; before the quote (``ends_open``) only in the
        sentence that leads into it, not in one that ended before the quote opened."""
        match = re.search(r"\b[Aa]ccording to\s+", self.text[start:end])
        if not match:
            return None
        if ends_open and sentence_end(self.text, start + match.end(), end) is not None:
            return None
        for token in self._tokens(start + match.end(), end)[:6]:
            found = self._token_speaker(token, strict=True)
            if found:
                return found
        return None

    def _colon_speaker(self, start: int, end: int) -> Speaker | None:
        head = self.text[start:end].rstrip()
        if not head.endswith(":"):
            return None
        colon = start + len(head) - 1
        for m in reversed(self.mentions):
            if m.end <= colon and not self.text[m.end : colon].strip() and m.start >= start:
                return Speaker(m.canonical, m.start, m.end, m.entity or None)
        return None

    def _mention_at(self, offset: int) -> Mention | None:
        found = [m for m in self.mentions if m.start <= offset < m.end]
        if not found:
            return None
        rank = {label: i for i, label in enumerate(_PREFERRED)}
        return min(found, key=lambda m: (rank.get(m.label, 9), m.start - m.end))

    def _token_speaker(self, token: Any, strict: bool = False) -> Speaker | None:
        if self._inside_quote(token.idx):
            return None
        mention = self._mention_at(token.idx)
        if mention is not None:
            return Speaker(mention.canonical, mention.start, mention.end, mention.entity or None)
        if token.text.lower() in _PRONOUNS:
            return self._pronoun(token)
        if strict:
            return None
        if token.pos_ in {"NOUN", "PROPN"}:
            return self._noun_phrase(token)
        return None

    def _noun_phrase(self, token: Any) -> Speaker | None:
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
                return Speaker(m.canonical, m.start, m.end, m.entity or None)
            if m.end <= start and re.fullmatch(r",\s*", self.text[m.end : start]):
                return Speaker(m.canonical, m.start, m.end, m.entity or None)
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
        return Speaker(self.text[start:end], start, end, None)

    def _role_holder(self, token: Any, phrase: str) -> Speaker | None:
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
                return Speaker(m.canonical, start, token.idx + len(token.text), m.entity)
        return None

    def _appositive(self, m: Mention, head: Any) -> bool:
        return any(t.dep_ == "appos" and t.head == head for t in self._tokens(m.start, m.end))

    def _author(self, token: Any) -> Speaker | None:
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

    def _pronoun(self, token: Any) -> Speaker | None:
        """'he said': the nearest earlier named person who spoke or was a clause subject,
        skipping people the article refers to with the other pronoun (see :meth:`_gender`);
        when that is the subject of a subordinate clause, the main-clause subject of the
        same sentence and paragraph goes first ("X, asked whether Y was ..., said no")."""
        offset = token.idx
        wanted = pronoun_gender(token.text)
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
        # Subjects of a main clause, by sentence: "X offered a 'yes' when asked whether Y
        # was a finalist. He said" means X, the latest sentence's main subject.
        main_subjects: dict[int, list[tuple[int, str, str | None]]] = {}
        for m in earlier:
            subjects = [t for t in self._tokens(m.start, m.end) if t.dep_ in _SUBJECT_DEPS]
            if subjects:
                candidates.append((m.start, m.canonical, m.entity or None))
                if any(t.head.dep_ == "ROOT" for t in subjects):
                    main_subjects.setdefault(subjects[0].sent.start_char, []).append(candidates[-1])
        sentence_of = {c for group in main_subjects.values() for c in group}
        everyone = [(m.start, m.canonical, m.entity or None) for m in earlier]
        for group in (candidates, everyone):
            fitting = [c for c in group if self._gender(c[1]) in {None, wanted}]
            if fitting:
                best = max(fitting)
                if best not in sentence_of and group is candidates:
                    sentence = self._sentence_start(best[0])
                    line = self._line_of(best[0])
                    main = [
                        c
                        for c in main_subjects.get(sentence if sentence is not None else -1, [])
                        if c in fitting and line[0] <= c[0]
                    ]
                    best = max(main) if main else best
                return Speaker(best[1], offset, offset + len(token.text), best[2])
        return None

    def _sentence_start(self, offset: int) -> int | None:
        token = self.by_char.get(offset)
        return None if token is None else int(token.sent.start_char)

    def _gender(self, canonical: str) -> str | None:
        """'m' or 'f' when the article says so (see :mod:`newsweave.analyze.gender`)."""
        if self.genders is None:
            self.genders = article_genders(
                self.text, self.mentions, self._tokens, self.by_char, self._inside_quote
            )
        return self.genders.get(canonical)

    def record(self, position: int, speaker: Speaker | None) -> None:
        """Note the speaker found for the quote at ``position`` (pronouns may refer to it)."""
        if speaker is not None:
            self.speakers.append((position, speaker))
