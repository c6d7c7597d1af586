"""Quotes, speakers and cross-outlet alignment: synthetic texts and the seed articles."""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from conftest import needs_shared, seed_text
from newsweave.analyze.continued_quotes import continued_speaker
from newsweave.analyze.descriptions import Profile, fits
from newsweave.analyze.entities import find_mentions, link_entities
from newsweave.analyze.gender import article_genders, pronoun_gender
from newsweave.analyze.nlp import parse
from newsweave.analyze.quote_spans import paragraphs, spans
from newsweave.analyze.quotes import find_quotes, is_partial, quote_spans
from newsweave.analyze.sentence_ends import sentence_end, sentence_ends
from newsweave.compare.quotes import align_quotes, similarity, speaker_conflicts
from newsweave.model import Mention, Quote


def _quotes(texts: Mapping[str, str]) -> dict[str, list[Quote]]:
    ids = sorted(texts)
    docs = dict(zip(ids, parse(texts[i] for i in ids), strict=True))
    linked = link_entities({i: find_mentions(docs[i]) for i in ids}, texts)
    return {i: find_quotes(texts[i], docs[i], linked[i]) for i in ids}


def _one(texts: Mapping[str, str], article: str, phrase: str) -> Quote:
    found = [q for q in _quotes(texts)[article] if phrase in q.text]
    assert len(found) == 1, found
    return found[0]


def test_spans_exclude_marks_and_cover_straight_and_curly() -> None:
    text = 'She said "we will win." Then: “It is over,” he added.'
    spans = quote_spans(text)
    assert [text[s:e] for s, e in spans] == ["we will win.", "It is over,"]


def test_multi_paragraph_quote_is_one_span() -> None:
    text = (
        "Mayor Lena Okafor spoke at length.\n\n"
        "“The bridge will open in May. We have checked every bolt.\n\n"
        "“Nobody should worry about safety,” Okafor said.\n"
    )
    (quote,) = _quotes({"a": text})["a"]
    assert quote.text.startswith("The bridge") and quote.text.endswith("safety,")
    assert text[quote.start : quote.end] == quote.text
    assert quote.speaker == "Lena Okafor"


def test_he_said_resolves_to_the_named_speaker() -> None:
    text = (
        "Senator Martin Vasquez criticized the budget on Tuesday. "
        "“This plan cuts schools first,” he said."
    )
    quote = _one({"a": text}, "a", "cuts schools")
    assert quote.speaker == "Martin Vasquez"
    assert quote.speaker_start is not None and quote.speaker_end is not None
    assert text[quote.speaker_start : quote.speaker_end] == "he"


def test_said_x_and_according_to() -> None:
    text = (
        "“Prices will fall,” said Carla Nunes, an economist at the bank.\n\n"
        "According to Peter Holm, “the deal is dead.”"
    )
    quotes = _quotes({"a": text})["a"]
    by_text = {q.text.split()[0]: q.speaker for q in quotes}
    assert by_text == {"Prices": "Carla Nunes", "the": "Peter Holm"}


def test_quote_without_speaker_and_partial_quote() -> None:
    text = (
        "The sign read “Closed for the season.”\n\nThe plan was a “disaster” again.\n\n"
        "Critics called the plan a “disaster” again."
    )
    quotes = _quotes({"a": text})["a"]
    assert [q.speaker for q in quotes] == [None, None, "Critics"]
    assert [is_partial(q) for q in quotes] == [False, True, True]


def test_unbalanced_quote_mark_stays_in_its_sentence() -> None:
    text = "He said “this never closes. The next sentence is narration.\n\nA new paragraph."
    spans = quote_spans(text)
    assert len(spans) == 1
    start, end = spans[0]
    assert text[start:end] == "this never closes."
    _quotes({"a": text})  # no crash with a parse


def test_empty_and_quoteless_text() -> None:
    assert quote_spans("") == []
    assert find_quotes("", None, []) == []
    assert find_quotes("No quotes here.", None, []) == []
    assert align_quotes({}, {}) == []


def test_align_translations_and_flag_speaker_conflicts() -> None:
    a = "“Neither party can shape the other according to its wishes,” Ana Ruiz said."
    b = "Ana Ruiz said that “neither side should try to shape the other side by its own will.”"
    c = "“Neither party can shape the other according to its wishes,” Tom Lee said."
    assert similarity(a, b) >= 0.5
    quotes = _quotes({"a": a, "b": b})
    (story_quote,) = align_quotes(quotes, {"a": a, "b": b})
    assert story_quote.speaker == "Ana Ruiz"
    assert {v.article for v in story_quote.variants} | {story_quote.article} == {"a", "b"}
    again = align_quotes(quotes, {"a": a, "b": b})
    assert again[0].id == story_quote.id
    conflicting = _quotes({"a": a, "c": c})
    (conflict,) = speaker_conflicts(conflicting, {"a": a, "c": c})
    assert conflict.kind == "quote-speaker"
    assert {claim.value for claim in conflict.claims} == {"Ana Ruiz", "Tom Lee"}
    assert speaker_conflicts(quotes, {"a": a, "b": b}) == []


def test_unrelated_quotes_do_not_align() -> None:
    a = "“We will build more homes this year,” the minister said."
    b = "“The river flooded the lower town overnight,” a resident said."
    quotes = _quotes({"a": a, "b": b})
    assert len(align_quotes(quotes, {"a": a, "b": b})) == 2


@pytest.fixture(scope="module")
def seeds() -> tuple[dict[str, str], dict[str, list[Quote]]]:
    texts = {p: seed_text(p) for p in ("000", "001", "002", "003")}
    return texts, _quotes(texts)


def _seed_quote(quotes: Mapping[str, list[Quote]], article: str, opening: str) -> Quote:
    found = [q for q in quotes[article] if q.text.startswith(opening)]
    assert len(found) == 1, [q.text[:30] for q in quotes[article]]
    return found[0]


@needs_shared
def test_seed_speakers(seeds: tuple[dict[str, str], dict[str, list[Quote]]]) -> None:
    texts, quotes = seeds
    assert _seed_quote(quotes, "003", "My hope and expectation").speaker == "Antony Blinken"
    biden = _seed_quote(quotes, "002", "President Biden asked me")
    assert biden.speaker == "Antony Blinken"
    assert biden.speaker_start is not None and biden.speaker_end is not None
    assert texts["002"][biden.speaker_start : biden.speaker_end] == "Blinked"
    assert _seed_quote(quotes, "003", "The economy in China").speaker == "George Magnus"
    assert _seed_quote(quotes, "003", "Blinken sets the stage").speaker == "Henry Wang"
    assert _seed_quote(quotes, "002", "Similarly, the United States").speaker == "Xi Jinping"
    for article, qs in quotes.items():
        for q in qs:
            assert texts[article][q.start : q.end] == q.text
            assert '"' not in q.text[:1] and "“" not in q.text[:1]


@needs_shared
def test_seed_xi_translations_align(seeds: tuple[dict[str, str], dict[str, list[Quote]]]) -> None:
    texts, quotes = seeds
    aligned = align_quotes(quotes, texts)
    shaped = [
        sq
        for sq in aligned
        if "shape the other" in sq.text or any("shape the other" in v.text for v in sq.variants)
    ]
    assert len(shaped) == 1
    (sq,) = shaped
    assert sq.speaker == "Xi Jinping"
    cited = {sq.article} | {v.article for v in sq.variants}
    assert cited == {"001", "002"}
    for claim in sq.variants:
        assert texts[claim.article][claim.start : claim.end] == claim.text
    assert speaker_conflicts(quotes, texts) == []


def test_title_abbreviations_do_not_end_the_attribution() -> None:
    text = (
        "Steele spoke in Connecticut.\n\n"
        "“It was the president who was cute,” Mr. Steele said in a speech.\n\n"
        "Sen. Al Franken (D-Minn.) explained, “There are no Democratic judges.”\n\n"
        "“This vote matters,” Rep. Zoe Lofgren (D-Calif.) said."
    )
    quotes = {q.text.split()[0]: q.speaker for q in _quotes({"a": text})["a"]}
    assert quotes == {"It": "Steele", "There": "Al Franken", "This": "Zoe Lofgren"}


def test_said_title_name_takes_the_name() -> None:
    text = "“There are huge holes,” said Representative Mike Thompson of California."
    (quote,) = _quotes({"a": text})["a"]
    assert quote.speaker == "Mike Thompson"


def test_paragraph_ending_with_a_colon_introduces_the_next_quote() -> None:
    text = (
        "Mayor Lena Okafor answered the critics in a statement on Friday:\n\n"
        "“I have no idea where this story came from. It is not true.”"
    )
    (quote,) = _quotes({"a": text})["a"]
    assert quote.speaker == "Lena Okafor"


def test_pronoun_skips_people_the_article_calls_by_the_other_pronoun() -> None:
    text = (
        "Senator Maria Lopez said her office would answer soon. "
        "Governor Tom Becker said his state was ready.\n\n"
        "“We will not wait for the courts,” she said."
    )
    quote = _one({"a": text}, "a", "not wait")
    assert quote.speaker == "Maria Lopez"


def test_honorific_gives_the_gender() -> None:
    text = (
        "Ms. Susan Rice spoke on Tuesday. Mr. Netanyahu had accepted the invitation.\n\n"
        "“The point is, we want the relationship to be strong,” she said."
    )
    quote = _one({"a": text}, "a", "point is")
    assert quote.speaker == "Susan Rice"


def test_the_statement_continued_goes_to_its_author() -> None:
    text = (
        "“She should get out of this race,” Tom Becker said in a statement released by "
        "his campaign.\n\n"
        "“We cannot afford to be polite anymore,” the statement continued."
    )
    quote = _one({"a": text}, "a", "polite")
    assert quote.speaker == "Tom Becker"


def test_a_name_modifying_the_head_is_not_the_speaker() -> None:
    text = (
        "The Becker campaign answered with an ad of its own.\n\n"
        "“Taxes went up,” a spokesman for the Tom Becker campaign said."
    )
    quote = _one({"a": text}, "a", "Taxes")
    assert quote.speaker == "a spokesman for the Tom Becker campaign"


def test_the_person_not_the_institution_in_a_title_speaks() -> None:
    text = (
        "House Majority Leader Steny Hoyer shared a similar view on Monday, urging "
        "Mitch McConnell to “end the shutdown now.”"
    )
    (quote,) = _quotes({"a": text})["a"]
    assert quote.speaker == "Steny Hoyer"


def _bench() -> Any:
    path = Path(__file__).resolve().parent.parent / "bench" / "quotes.py"
    spec = importlib.util.spec_from_file_location("bench_quotes", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_fair_rule_for_group_labels() -> None:
    bench = _bench()
    text = (
        "Sen. Ann Ray (D-Vt.) spoke first. Lis Smith, a spokeswoman for the Obama campaign, "
        "answered. Barack Obama's campaign sent a letter.\n\nRay and Smith left."
    )

    def hit(name: str, word: str) -> Quote:
        start = text.index(word)
        return Quote(0, 1, "x", name, start, start + len(word), "Q1")

    assert bench.is_group("Democratic_lawmakers") and not bench.is_group("Donald_Trump")
    assert bench.group_member("Democratic_lawmakers", hit("Ann Ray", "Ray"), text)
    assert not bench.group_member("Republican_lawmakers", hit("Ann Ray", "Ray"), text)
    assert bench.group_member("Obama_campaign", hit("Lis Smith", "Smith"), text)
    assert not bench.group_member("Obama_campaign", hit("Barack Obama", "Obama"), text)
    assert not bench.group_member("Donald_Trump", hit("Lis Smith", "Smith"), text)


def test_role_description_goes_to_the_nearest_person_it_fits() -> None:
    text = (
        "Gov. Mike Pence signed the law on Thursday. Senator Ann Ray criticized it, and "
        "Rep. Tom Becker stayed silent.\n\n"
        "“I support religious liberty, and I support this law,” the governor said. "
        "“It was a hard vote,” the four-term congressman said."
    )
    quotes = {q.text.split()[0]: q.speaker for q in _quotes({"a": text})["a"]}
    assert quotes == {"I": "Mike Pence", "It": "Tom Becker"}


def test_title_abbreviation_fits_the_description_head() -> None:
    profile = Profile("Mike Pence", "Q1")
    profile.add_words(["gov."])
    assert fits("governor", profile) and not fits("senator", profile)


def test_quote_paragraph_after_an_attributed_quote_paragraph_continues_it() -> None:
    text = (
        "Mayor Lena Okafor spoke on Friday.\n\n"
        "“The bridge will open in May,” Okafor said.\n\n"
        "“Nobody should worry about safety.”\n\n"
        "Critics were not convinced. Tom Becker disagreed.\n\n"
        "“It is a mess.”"
    )
    quotes = {q.text.split()[0]: q.speaker for q in _quotes({"a": text})["a"]}
    assert quotes == {"The": "Lena Okafor", "Nobody": "Lena Okafor", "It": None}


def test_verbs_that_frame_a_quote() -> None:
    text = (
        "Chuck Schumer called the offer “one-sided and ineffective.”\n\n"
        "Mr. Obama pleaded with Americans not to “give in to fear.”\n\n"
        "Ann Ray denounced the plan as “a hostage taking.”"
    )
    quotes = {q.text.split()[0]: q.speaker for q in _quotes({"a": text})["a"]}
    assert quotes == {"one-sided": "Chuck Schumer", "give": "Obama", "a": "Ann Ray"}


def test_long_appositive_between_quote_and_verb() -> None:
    text = (
        "She is a “sane, competent person,” Michael Bloomberg, the former New York mayor "
        "and founder of the Bloomberg financial news and information empire, said on Monday."
    )
    (quote,) = _quotes({"a": text})["a"]
    assert quote.speaker == "Michael Bloomberg"


def test_sentence_ends_skip_titles_initials_and_lower_case_continuations() -> None:
    text = "Sen. Ann Ray of the U.S. Senate (D-Calif.) said no. She left! Did he?"
    ends = list(sentence_ends(text, 0, len(text)))
    assert [text[:e].rsplit(" ", 1)[-1] for e in ends] == ["no.", "left!", "he?"]
    assert sentence_end(text, 0, 20) is None


def test_spans_record_their_marks_and_paragraphs_are_stripped() -> None:
    text = '  First line says “hello there.”\n\nSecond "one" here. '
    (first, second) = spans(text)
    assert text[first.opened] == "“" and first.closed is not None and text[first.closed] == "”"
    assert text[second.start : second.end] == "one"
    assert [text[s:e] for s, e in paragraphs(text)] == [
        "First line says “hello there.”",
        'Second "one" here.',
    ]


def test_gender_from_honorific_and_the_pronoun_that_follows() -> None:
    text = "Ms. Ann Ray spoke first. Tom Hill said he agreed."
    mentions = [
        Mention(4, 11, "PERSON", "Ann Ray", "Ann Ray", "e1"),
        Mention(25, 33, "PERSON", "Tom Hill", "Tom Hill", "e2"),
    ]

    (doc,) = parse([text])
    by_char = {t.idx: t for t in doc}
    genders = article_genders(
        text,
        mentions,
        lambda s, e: [t for t in doc if s <= t.idx < e],
        by_char,
        lambda offset: False,
    )
    assert genders == {"Ann Ray": "f", "Tom Hill": "m"}
    assert pronoun_gender("Her") == "f" and pronoun_gender("they") is None


def test_a_quote_paragraph_continues_the_attributed_one_before_it() -> None:
    text = "“We will rebuild,” Ray said.\n\n“Every pier will reopen.”\n"
    found = spans(text)
    prev = Quote(found[0].start, found[0].end, "We will rebuild,", "Ann Ray", 19, 22, "e1")
    speaker = continued_speaker(text, paragraphs(text), found, 1, [prev])
    assert speaker is not None and (speaker.name, speaker.start) == ("Ann Ray", 19)
    assert continued_speaker(text, paragraphs(text), found, 0, []) is None


def test_a_subjectless_verb_of_saying_takes_the_subject_it_is_joined_to() -> None:
    text = (
        "After the reporter Paul Danvers left the room, Governor Helen Marsh walked back, "
        'leaned over the table and said, "We will not raise the tax this year."\n\n'
        "Senator Tom Reyes tried to explain his remark that the budget was a "
        "“hollow promise,” saying he meant only the parts about schools."
    )
    texts = {"a": text}
    assert _one(texts, "a", "raise the tax").speaker == "Helen Marsh"
    assert _one(texts, "a", "hollow promise").speaker == "Tom Reyes"


def test_according_to_in_an_ended_sentence_names_no_later_quote() -> None:
    text = (
        '"We need the records," said Mayor Dana Whitfield in an interview on the "Morning '
        'Desk" program, according to the Harbor Gazette. "Where are they? Nobody knows."'
    )
    quote = _one({"a": text}, "a", "Where are they")
    assert quote.speaker == "Dana Whitfield"


def test_verbs_that_conclude_or_retort() -> None:
    text = 'Senator Ray Olsen, D-Ore., concluded, "The plan is a hostage taking."'
    assert _one({"a": text}, "a", "hostage").speaker == "Ray Olsen"


def test_he_said_prefers_the_main_subject_of_the_latest_sentence() -> None:
    text = (
        "Governor Peter Lang, meeting with Mayor Ivan Soto in the city hall, gave a short "
        "answer when asked whether Judge Carl Webb was on his list.\n\n"
        "“We need a strong court,” he told reporters later."
    )
    assert _one({"a": text}, "a", "strong court").speaker == "Peter Lang"
