"""reconcile() on short multi-article stories written for these tests, and on the seeds."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.conftest import needs_shared, seed_text
from tests.test_roles import mentions_of

from newsweave.analyze.events import find_events
from newsweave.analyze.quantities import find_quantities
from newsweave.analyze.roles import find_roles
from newsweave.compare.claims import ArticleEvidence
from newsweave.compare.reconcile import Reconciliation, reconcile
from newsweave.compare.tolerance import Tolerance, compare_amounts, compare_dates
from newsweave.model import Article, Conflict, Mention, TimeValue

pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def nlp() -> Any:
    from newsweave.analyze.nlp import load_nlp

    return load_nlp()


def evidence(
    nlp: Any,
    aid: str,
    text: str,
    published: date | None = None,
    timexes: list[TimeValue] | None = None,
) -> ArticleEvidence:
    doc = nlp(text)
    mentions = linked(aid, doc)
    qs = find_quantities(text)
    tx = timexes or []
    return ArticleEvidence(
        article=Article(id=aid, source=aid, text=text, raw=text, published=published),
        mentions=mentions,
        timexes=tx,
        quantities=qs,
        roles=find_roles(doc, mentions),
        events=find_events(doc, mentions, tx, qs),
    )


def linked(aid: str, doc: Any) -> list[Mention]:
    """Mentions from the entity linker when it is there, else doc.ents."""
    try:
        from newsweave.analyze.entities import find_mentions, link_entities
    except ImportError:
        return mentions_of(doc)
    return link_entities({aid: find_mentions(doc)}, {aid: doc.text})[aid]


def day(text: str, phrase: str, value: str) -> TimeValue:
    i = text.index(phrase)
    return TimeValue(i, i + len(phrase), phrase, "DATE", value)


def conflicts_of(rec: Reconciliation, kind: str) -> list[Conflict]:
    return [c for c in rec.conflicts if c.kind == kind]


MEET = "Peter Hall spoke with Mark Stone for {} in the capital."


def test_minor_duration_conflict_with_evidence(nlp: Any) -> None:
    a = evidence(nlp, "a", MEET.format("35 minutes"))
    b = evidence(nlp, "b", MEET.format("half an hour"))
    rec = reconcile([a, b], {})
    (c,) = conflicts_of(rec, "duration")
    assert c.severity == "minor"
    assert {x.article for x in c.claims} == {"a", "b"}
    for x in c.claims:
        text = a.article.text if x.article == "a" else b.article.text
        assert text[x.start : x.end] == x.text
    assert "Peter Hall" in c.subject and "Mark Stone" in c.subject and "length" in c.subject


def test_reprint_counts_once_and_agreement_is_consensus(nlp: Any) -> None:
    texts = {"a": MEET.format("35 minutes"), "b": MEET.format("35 minutes")}
    evs = [evidence(nlp, k, t) for k, t in texts.items()]
    rec = reconcile(evs, {"b": "a"})
    (fact,) = [f for f in rec.facts if f.kind == "duration"]
    assert fact.status == "single-source" and fact.independent_sources == 1
    evs.append(evidence(nlp, "c", "Peter Hall spoke with Mark Stone for thirty-five minutes."))
    rec2 = reconcile(evs, {"b": "a"})
    (fact2,) = [f for f in rec2.facts if f.kind == "duration"]
    assert fact2.status == "consensus" and fact2.independent_sources == 2
    assert fact2.id == fact.id  # adding an article keeps the id
    assert rec2.conflicts == ()


def test_vague_amount_is_compatible_but_exact_values_conflict(nlp: Any) -> None:
    evs = [
        evidence(nlp, "a", MEET.format("seven hours")),
        evidence(nlp, "b", MEET.format("several hours")),
    ]
    assert conflicts_of(reconcile(evs, {}), "duration") == []
    evs.append(evidence(nlp, "c", MEET.format("7 1/2 hours")))
    (c,) = conflicts_of(reconcile(evs, {}), "duration")
    assert c.severity == "minor"
    assert {x.article for x in c.claims} == {"a", "c"}  # "several hours" is not part of it


def test_counts_major_conflict(nlp: Any) -> None:
    s = "The storm left {} in the coastal villages, rescue officials said on the radio."
    rec = reconcile(
        [evidence(nlp, "a", s.format("12 dead")), evidence(nlp, "b", s.format("19 dead"))], {}
    )
    (c,) = conflicts_of(rec, "count")
    assert c.severity == "major"
    rec = reconcile(
        [evidence(nlp, "a", s.format("12 dead")), evidence(nlp, "b", s.format("about 13 dead"))], {}
    )
    assert conflicts_of(rec, "count") == []


def test_role_conflict_and_descriptions(nlp: Any) -> None:
    a = evidence(nlp, "a", "On Monday, State Councilor Li Wen met the visitors.")
    b = evidence(
        nlp, "b", "On Monday, the Director of the Central Foreign Affairs Office, Li Wen, met them."
    )
    c = evidence(nlp, "c", "On Monday, Li Wen, the country's highest-ranking diplomat, met them.")
    rec = reconcile([a, b, c], {})
    (conf,) = conflicts_of(rec, "role")
    assert {x.article for x in conf.claims} == {"a", "b"}
    assert reconcile([a, c], {}).conflicts == ()


def test_weekday_and_date_agree_after_resolution(nlp: Any) -> None:
    ta = "On Sunday, Peter Hall met with Mark Stone in the capital."
    tb = "On June 18, Peter Hall met with Mark Stone in the capital."
    a = evidence(nlp, "a", ta, date(2023, 6, 20), [day(ta, "Sunday", "2023-06-18")])
    b = evidence(nlp, "b", tb, date(2023, 6, 20), [day(tb, "June 18", "2023-06-18")])
    rec = reconcile([a, b], {})
    assert conflicts_of(rec, "date") == []
    assert any(f.kind == "date" and f.status == "consensus" for f in rec.facts)
    tc = "On June 14, Peter Hall met with Mark Stone in the capital."
    c = evidence(nlp, "c", tc, date(2023, 6, 20), [day(tc, "June 14", "2023-06-14")])
    (conf,) = conflicts_of(reconcile([a, c], {}), "date")
    assert conf.severity == "major"


def test_tolerance_is_configurable() -> None:
    exact = {"value": 30.0}
    assert compare_amounts(exact, {"value": 35.0}, Tolerance()) == "minor"
    assert compare_amounts(exact, {"value": 35.0}, Tolerance(minor_rel=0.1)) == "major"
    about = {"value": 35.0, "bound": "approx"}
    assert compare_amounts(exact, about, Tolerance()) == "compatible"
    assert compare_dates("2023-06", "2023-06-18", Tolerance()) == "compatible"


SEED_DATES = {
    "000": date(2023, 6, 20),
    "001": date(2023, 6, 20),
    "002": date(2023, 6, 20),
    "003": date(2023, 6, 19),
}


@needs_shared
def test_seed_disagreements(nlp: Any) -> None:
    from newsweave.analyze.entities import find_mentions, link_entities
    from newsweave.analyze.timex import find_timexes

    texts = {k: seed_text(k) for k in SEED_DATES}
    docs = {k: nlp(t) for k, t in texts.items()}
    mentions = link_entities({k: find_mentions(d) for k, d in docs.items()}, texts)
    evs = []
    for k, published in SEED_DATES.items():
        text, doc, ms = texts[k], docs[k], mentions[k]
        qs = find_quantities(text)
        tx = find_timexes(text, published)
        art = Article(id=k, source=k, text=text, raw=text, published=published)
        roles, frames = find_roles(doc, ms), find_events(doc, ms, tx, qs)
        evs.append(ArticleEvidence(art, ms, tx, qs, roles, frames))
    rec = reconcile(evs, {})
    by_subject = {c.subject: c for c in rec.conflicts}

    def find(kind: str, *words: str) -> Conflict | None:
        for c in rec.conflicts:
            if c.kind == kind and all(w in c.subject for w in words):
                return c
        return None

    xi = find("duration", "Xi")
    assert xi is not None and xi.severity == "minor", by_subject
    arts = {x.article for x in xi.claims}
    assert "000" in arts and arts & {"001", "002"}
    assert any("35" in x.text for x in xi.claims)
    qin = find("duration", "Qin")
    assert qin is not None and qin.severity == "minor"
    assert {x.article for x in qin.claims} == {"001", "003"}
    wang = find("duration", "Wang")
    assert wang is None, wang  # "three-hour" and "several hours" are compatible
    role = find("role", "Wang")
    assert role is not None
    assert {x.article for x in role.claims} >= {"001", "002"}
    assert not any("diplomat" in x.text for x in role.claims)


def test_aligned_sentences_compare_their_counts(nlp: Any) -> None:
    a = evidence(nlp, "a", "Officials said 23 states have legalized medical marijuana so far.")
    b = evidence(nlp, "b", "To date, 14 states have legalized marijuana for medical purposes.")
    (c,) = conflicts_of(reconcile([a, b], {}), "count")
    assert c.severity == "major" and {x.text for x in c.claims} == {"23 states", "14 states"}
    other = evidence(nlp, "c", "Four states sued the government over its water rules in May.")
    assert conflicts_of(reconcile([a, other], {}), "count") == []


def test_people_counts_share_a_slot(nlp: Any) -> None:
    a = evidence(nlp, "a", "The fire aboard the ferry injured 12 crew members last month.")
    b = evidence(nlp, "b", "The February fire aboard the ferry left 19 people injured.")
    (c,) = conflicts_of(reconcile([a, b], {}), "count")
    assert {x.article for x in c.claims} == {"a", "b"}


def test_amounts_an_order_apart_are_different_quantities() -> None:
    assert compare_amounts({"value": 5000.0}, {"value": 750000.0}, Tolerance()) == "compatible"
    assert compare_amounts({"value": 12.0}, {"value": 19.0}, Tolerance()) == "major"
    assert compare_dates("2023-06-19", "2022-11-14", Tolerance()) == "compatible"
    assert compare_dates("2023-06-19", "2023-06-12", Tolerance()) == "major"


def test_home_state_conflict(nlp: Any) -> None:
    a = evidence(nlp, "a", "Speaker Paul Grant of Ohio will release the plan this week.")
    b = evidence(nlp, "b", "Paul Grant, who is from Maine, wants the plan made public.")
    c = evidence(nlp, "c", "The plan was backed by Paul Grant (R-Ohio) on Tuesday.")
    rec = reconcile([a, b, c], {})
    (conf,) = conflicts_of(rec, "place")
    assert {x.value for x in conf.claims} == {"Ohio", "Maine"}
    assert conflicts_of(reconcile([a, c], {}), "place") == []


def test_former_titles_compare_only_with_former_ones(nlp: Any) -> None:
    a = evidence(nlp, "a", "His top choice is former Sen. Paul Grant, aides said.")
    b = evidence(nlp, "b", "His leading contender is former Rep. Paul Grant, aides said.")
    c = evidence(nlp, "c", "Rep. Paul Grant said on Monday that he would accept.")
    (conf,) = conflicts_of(reconcile([a, b], {}), "role")
    assert conf.severity == "minor"
    assert conflicts_of(reconcile([a, c], {}), "role") == []


def test_background_meeting_date_is_not_the_story_date(nlp: Any) -> None:
    ta = "On June 19, Peter Hall met with Mark Stone in the capital."
    tb = "Peter Hall met with Mark Stone during their summit on Nov. 14, 2022."
    a = evidence(nlp, "a", ta, date(2023, 6, 20), [day(ta, "June 19", "2023-06-19")])
    b = evidence(nlp, "b", tb, date(2023, 6, 20), [day(tb, "Nov. 14, 2022", "2022-11-14")])
    rec = reconcile([a, b], {})
    assert conflicts_of(rec, "date") == []
    dates = [f for f in rec.facts if f.kind == "date" and "meeting" in f.summary]
    assert all("2022" not in f.summary for f in dates)


def test_attribution_needs_people_and_surnames_agree(nlp: Any) -> None:
    from newsweave.compare.tolerance import compare_speakers

    assert compare_speakers("Dick Durbin", "Richard J. Durbin", Tolerance()) == "agree"
    assert compare_speakers("Mitt Romney", "Todd Akin", Tolerance()) == "major"


def _quoted(nlp: Any, aid: str, text: str, quote: str) -> ArticleEvidence:
    """Evidence with one quotation the quote finder left without a speaker."""
    from dataclasses import replace

    from newsweave.model import Quote

    ev = evidence(nlp, aid, text)
    i = text.index(quote)
    return replace(ev, quotes=[Quote(i, i + len(quote), quote, None)])


def test_speaker_from_attribution_next_to_the_quote(nlp: Any) -> None:
    from newsweave.compare.speakers import attributed_speaker
    from newsweave.model import Quote

    words = "We will not raise taxes on working families this year,"
    cases = {
        f"Peter Hall spoke on Monday. “{words}” Mr. Hall said.": "Peter Hall",
        f"Peter Hall spoke on Monday. “{words}” said Hall.": "Peter Hall",
        f"“{words}” Peter Hall, the mayor of the city, said in a statement.": "Peter Hall",
        f"Peter Hall released a statement on Monday saying: “{words}”": "Peter Hall",
    }
    for text, who in cases.items():
        ev = evidence(nlp, "a", text)
        i = text.index(words)
        found = attributed_speaker(text, Quote(i, i + len(words), words, None), ev.mentions)
        assert found is not None and found[0] == who, text
        assert text[found[1] : found[2]].endswith("Hall")
    # a new paragraph, or a full stop before the name, starts another sentence
    text = f"Peter Hall spoke.\n\n“{words[:-1]}.”\n\nJournalist Peter Hall asked him again."
    i = text.index(words[:-1])
    quote = Quote(i, i + len(words) - 1, words[:-1], None)
    assert attributed_speaker(text, quote, evidence(nlp, "a", text).mentions) is None


def test_quotation_with_a_found_speaker_conflicts(nlp: Any) -> None:
    q = "We will not raise taxes on working families this year,"
    a = _quoted(nlp, "a", f"Peter Hall spoke. “{q}” Mr. Hall said on Monday.", q)
    b = _quoted(nlp, "b", f"Mark Stone spoke. “{q}” Mr. Stone said on Monday.", q)
    (c,) = conflicts_of(reconcile([a, b], {}), "attribution")
    assert {x.value for x in c.claims} == {"Peter Hall", "Mark Stone"}


def test_curly_and_straight_apostrophes_are_one_quotation(nlp: Any) -> None:
    qa = "He says he’s going to run the city like he’s run his business,"
    qb = "He says he's going to run the city like he's run his business,"
    a = _quoted(nlp, "a", f"Peter Hall spoke. “{qa}” Mr. Hall said on Monday.", qa)
    b = _quoted(nlp, "b", f'Mark Stone spoke. "{qb}" Mr. Stone said on Monday.', qb)
    assert len(conflicts_of(reconcile([a, b], {}), "attribution")) == 1


def test_time_of_day_naming_its_day_is_a_date(nlp: Any) -> None:
    ta = "Senator Paul Grant was beaten Sunday night by a political novice, an economics professor."
    tb = "Senator Paul Grant was defeated on Tuesday by a little-known economics professor."
    pub = date(2014, 6, 11)
    a = evidence(nlp, "a", ta, pub, [TimeValue(30, 42, "Sunday night", "TIME", "2014-06-08TNI")])
    b = evidence(nlp, "b", tb, pub, [day(tb, "Tuesday", "2014-06-10")])
    (c,) = conflicts_of(reconcile([a, b], {}), "date")
    assert c.severity == "major"
    # a night is reported as the next day too; a time that names no day is no date claim
    night = [TimeValue(30, 43, "Monday night", "TIME", "2014-06-09TNI")]
    a2 = evidence(nlp, "a", ta.replace("Sunday night", "Monday night"), pub, night)
    assert conflicts_of(reconcile([a2, b], {}), "date") == []
    tc = "Senator Paul Grant was beaten shortly before midnight by an economics professor."
    mid = [TimeValue(30, 53, "shortly before midnight", "TIME", "2014-06-08T24:00")]
    c2 = evidence(nlp, "c", tc, pub, mid)
    assert conflicts_of(reconcile([c2, b], {}), "date") == []


def test_lengths_with_the_same_preposition_align(nlp: Any) -> None:
    a = evidence(
        nlp,
        "a",
        "The plan would keep Social Security solvent for 90 years, she said. "
        "It raises the retirement age to 69 over 16 years and keeps Social Security solvent.",
    )
    b = evidence(nlp, "b", "Social Security would remain solvent for the next 75 years.")
    (c,) = conflicts_of(reconcile([a, b], {}), "duration")
    assert {x.text for x in c.claims} == {"90 years", "75 years"}


def test_context_conflicts_have_readable_subjects_and_stable_ids(nlp: Any) -> None:
    a = evidence(nlp, "a", "The fire aboard the ferry injured 12 crew members last month.")
    b = evidence(
        nlp, "b", "Officials said 19 crew members were injured in the fire aboard the ferry."
    )
    (c,) = conflicts_of(reconcile([a, b], {}), "count")
    assert c.subject == "number of crew members injured"
    money = (
        "The national government pledged {} over five years to pay for new harbour radar "
        "and training."
    )
    x = evidence(nlp, "x", money.format("€120 million"))
    y = evidence(nlp, "y", money.format("€210 million"))
    (m,) = conflicts_of(reconcile([x, y], {}), "number")
    assert m.subject.startswith("amount national government pledged for new harbour radar")
    assert len(m.subject.split()) <= 10
    # the id comes from the grouping key, not the label: same claims, same id
    assert m.id == conflicts_of(reconcile([y, x], {}), "number")[0].id


def test_place_is_where_the_story_event_happened(nlp: Any) -> None:
    text = "Peter Hall met with Mark Stone in {}. They discussed trade and Russia's war in {}."
    a = evidence(nlp, "a", text.format("Geneva", "Ukraine"))
    b = evidence(nlp, "b", text.format("Geneva", "Ukraine"))
    places = [f for f in reconcile([a, b], {}).facts if f.kind == "place"]
    assert [f.summary for f in places] == ["where Peter Hall met with Mark Stone: Geneva"]


def test_subject_labels_use_the_sentence_words() -> None:
    from newsweave.compare.context import stem
    from newsweave.compare.subject_labels import count_label, counted_noun, quotation_label

    text = "The blaze injured 12 crew members, three of them seriously."
    start = text.index("12")
    noun = counted_noun("12 crew members", "member", stem)
    assert noun == ["crew", "members"]
    assert count_label(text, start, start + len("12 crew members"), noun) == (
        "number of crew members injured"
    )
    assert counted_noun("nine port cities signing", "signing", stem) == ["port", "cities"]
    assert quotation_label("We will not wait for the next accident to act.") == (
        "who said “We will not wait for the next accident…”"
    )
