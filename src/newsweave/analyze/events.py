"""Meeting, talks, visit and call frames: who met whom, where, when and for how long.

A frame is read from one clause (a sentence cut at ";"): a trigger word ("met", "talks",
"visit", "spoke"...), the PERSON mentions of the clause as participants, a duration quantity
close to the trigger ("for 35 minutes", "the half-hour meeting", "lasted seven hours"), a
date from the clause's time expressions and a place after "in"/"to". A clause without a
person ("It was a meeting that lasted seven hours") takes the participants of the sentence
before; "his"/"he" and one-person frames add the article's main person (the one mentioned
most), who is usually the visitor.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsweave.analyze.nlp import doc_text
from newsweave.model import Mention, Quantity, TimeValue

Doc = Any  # a spaCy Doc

TRIGGERS: dict[str, str] = {
    "meet": "meeting", "met": "meeting", "meets": "meeting", "meeting": "meeting",
    "meetings": "meeting", "talks": "talks", "talked": "talks", "discussion": "talks",
    "discussions": "talks", "session": "talks", "spoke": "talks", "speak": "talks",
    "negotiations": "talks", "visit": "visit", "visits": "visit", "visited": "visit",
    "trip": "visit", "tour": "visit", "call": "call", "phone": "call", "summit": "summit",
    "statement": "statement",
}  # fmt: skip
WINDOW = 10  # tokens between a trigger and its duration
RX_PLACE = re.compile(r"\b(?:in|to|at)\s+$")


@dataclass(frozen=True)
class EventFrame:
    """One meeting/visit/call as a clause states it, with its evidence span."""

    kind: str  # meeting | talks | visit | call | statement | summit
    start: int
    end: int
    participants: tuple[str, ...]
    place: str | None = None
    when: str | None = None
    duration_s: float | None = None
    duration_text: str | None = None
    duration_span: tuple[int, int] | None = None
    approx: str | None = None


def _clauses(doc: Doc) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for sent in doc.sents:
        s = sent.start_char
        for part in re.finditer(r"[^;]+;?", doc_text(doc)[sent.start_char : sent.end_char]):
            seg = part.group(0)
            if seg.strip():
                lead = len(seg) - len(seg.lstrip())
                out.append((s + part.start() + lead, s + part.start() + len(seg.rstrip())))
    return out


def _protagonist(mentions: Sequence[Mention], doc: Doc = None) -> str | None:
    """The article's main person: the one most often the subject of a meeting or visit verb
    ("Blinken met", "Blinken visited"), then the one mentioned most."""
    people = [m for m in sorted(mentions, key=lambda m: m.start) if m.label == "PERSON"]
    counts = Counter(m.canonical for m in people)
    if doc is not None:
        starts = {m.start: m.canonical for m in people}
        for i in _trigger_tokens(doc):
            tok = doc[i]
            if tok.pos_ == "VERB":
                for child in tok.children:
                    if child.dep_ == "nsubj":
                        first = child.left_edge.idx
                        name = starts.get(first) or starts.get(child.idx)
                        if name:
                            counts[name] += 3
    if not counts:
        return None
    first = {name: i for i, name in reversed(list(enumerate(m.canonical for m in people)))}
    return min(counts, key=lambda name: (-counts[name], first[name]))


ANTECEDENT_CHARS = 300  # how far back a pronoun's person may be named
_SUBJECT = ("nsubj", "nsubjpass")


def _antecedent(
    doc: Doc,
    persons: Sequence[Mention],
    starts: Sequence[int],
    offset: int,
    exclude: Sequence[str],
    clause_start: int,
) -> str | None:
    """The person a pronoun at ``offset`` most likely refers to, among those named shortly
    before it other than the clause's own participants: the latest one named as a subject
    ("Blinken spoke with Xi for 35 minutes; his discussions with Wang ..." -> Blinken),
    else the latest possessor ("... Blinken's visit ... In his meeting with Wang"), else
    the latest one named. The subject of the pronoun's own clause may be one of its
    participants ("the US top official also heard some harsh words over his visit")."""
    found: dict[str, str] = {}
    for m in reversed(persons[: bisect_left(starts, offset)]):
        if m.end > offset:
            continue
        if offset - m.end > ANTECEDENT_CHARS:
            break
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        dep = span.root.dep_ if span is not None and len(span) else ""
        role = "subject" if dep in _SUBJECT else "possessor" if dep == "poss" else "other"
        if m.canonical in exclude and not (role == "subject" and m.start >= clause_start):
            continue
        found.setdefault(role, m.canonical)
        if role == "subject":
            break
    return found.get("subject") or found.get("possessor") or found.get("other")


def _pronoun(near: Sequence[Any], span: Any, trigger: Any) -> Any:
    """A his/he/her/she that owns or performs the trigger, or else one that does so for
    an earlier word of the clause ("In his meeting with Wang, ... a three-hour session")."""
    for group in (near, [t for t in span if t.i < trigger.i]):
        for t in group:
            if t.lower_ in ("his", "he", "her", "she") and t.dep_ in ("poss", "nsubj"):
                return t
    return None


def _trigger_tokens(doc: Doc) -> list[int]:
    """Indices of the tokens whose lower-case form is a trigger word, from the token array
    (no Python object per token)."""
    keys = {doc.vocab.strings.add(word) for word in TRIGGERS}
    return [i for i, key in enumerate(doc.to_array("LOWER").tolist()) if key in keys]


def _group_subject(span: Any) -> bool:
    """The clause's subject is a group noun ("The delegations sat down for four hours of
    talks"): the people of the sentence before are not its participants."""
    for tok in span:
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ == "NOUN":
            return tok.lower_ not in TRIGGERS and tok.lower_ not in ("talk", "conversation")
    return False


def _inside(s: int, e: int, a: int, b: int) -> bool:
    return a <= s and e <= b


def _assign_durations(
    doc: Doc, triggers: Sequence[Any], durations: Sequence[Quantity]
) -> dict[int, Quantity]:
    """Each duration goes to its closest trigger (a trigger that governs it wins ties)."""
    owner: dict[int, Quantity] = {}
    for q in durations:
        qs = doc.char_span(q.start, q.end, alignment_mode="expand")
        if qs is None or not triggers:
            continue
        best: tuple[float, int] | None = None
        for trig in triggers:
            d: float = min(abs(trig.i - qs.start), abs(trig.i - (qs.end - 1)))
            if any(trig.i == a.i for t in qs for a in t.ancestors):
                d -= 2.5
            if trig.i >= qs.end and doc[qs.end - 1 : trig.i].text.endswith(" of"):
                d -= 2.5  # "hours of talks"
            if d <= WINDOW and (best is None or d < best[0]):
                best = (d, trig.i)
        if best is not None and best[1] not in owner:
            owner[best[1]] = q
    return owner


def find_events(
    doc: Doc,
    mentions: Sequence[Mention],
    timexes: Sequence[TimeValue],
    quantities: Sequence[Quantity],
) -> list[EventFrame]:
    """Event frames in ``doc``, one per trigger that has participants, a duration or a date."""
    text: str = doc_text(doc)
    main = _protagonist(mentions, doc)
    persons = sorted((m for m in mentions if m.label == "PERSON"), key=lambda m: m.start)
    person_starts = [m.start for m in persons]
    places = [m for m in mentions if m.label in ("GPE", "LOC", "FAC")]
    durations = [q for q in quantities if q.kind == "duration"]
    frames: list[EventFrame] = []
    prev_people: tuple[str, ...] = ()
    trigger_at = _trigger_tokens(doc)
    for cs, ce in _clauses(doc):
        span = doc.char_span(cs, ce, alignment_mode="expand")
        if span is None:
            continue
        first = bisect_left(person_starts, cs)
        here = [
            m.canonical
            for m in persons[first : bisect_left(person_starts, ce)]
            if _inside(m.start, m.end, cs, ce)
        ]
        people = tuple(dict.fromkeys(here))
        triggers = [
            t
            for i in trigger_at[
                bisect_left(trigger_at, span.start) : bisect_left(trigger_at, span.end)
            ]
            if (t := doc[i]).text.lower() in TRIGGERS and t.pos_ in ("VERB", "NOUN")
        ]
        local = [q for q in durations if _inside(q.start, q.end, cs, ce)]
        owner = _assign_durations(doc, triggers, local)
        for trig in triggers:
            kind = TRIGGERS[trig.text.lower()]
            parts = people or (() if _group_subject(span) else prev_people)
            near = (
                [*trig.children, *trig.head.children] if trig.dep_ != "ROOT" else [*trig.children]
            )
            pronoun = _pronoun(near, span, trig)
            who = main
            if pronoun is not None:
                who = _antecedent(doc, persons, person_starts, pronoun.idx, parts, cs) or main
            if who and (len(parts) <= 1 or pronoun is not None):
                # the pronoun's person leads ("his visit": the visitor)
                parts = (who, *(p for p in parts if p != who))
            best = owner.get(trig.i)
            days = {
                t.value for t in timexes if t.type == "DATE" and _inside(t.start, t.end, cs, ce)
            }
            when = days.pop() if len(days) == 1 else None  # two dates: which is whose?
            place = next(
                (
                    p.canonical
                    for p in places
                    if _inside(p.start, p.end, cs, ce)
                    and RX_PLACE.search(text[max(0, p.start - 6) : p.start])
                ),
                None,
            )
            if not parts or (best is None and when is None and kind not in ("meeting", "visit")):
                continue
            frames.append(
                EventFrame(
                    kind=kind,
                    start=cs,
                    end=ce,
                    participants=tuple(parts),
                    place=place,
                    when=when,
                    duration_s=best.value if best else None,
                    duration_text=best.text if best else None,
                    duration_span=(best.start, best.end) if best else None,
                    approx=best.approx if best else None,
                )
            )
        if people:
            prev_people = people
    return frames
