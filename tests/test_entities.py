"""Entity mentions and batch linking: synthetic batches and the seed articles."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from conftest import needs_shared, seed_text
from newsweave.analyze.aliases import is_name_typo, place_canonical, strip_titles
from newsweave.analyze.entities import find_mentions, link_entities
from newsweave.analyze.nlp import parse
from newsweave.model import Mention, content_id


def _link(texts: Mapping[str, str]) -> dict[str, list[Mention]]:
    ids = sorted(texts)
    docs = dict(zip(ids, parse(texts[i] for i in ids), strict=True))
    return link_entities({i: find_mentions(docs[i]) for i in ids}, texts)


def _canonical_of(linked: Mapping[str, list[Mention]], article: str, surface: str) -> set[str]:
    return {m.canonical for m in linked[article] if m.text == surface}


def test_strip_titles_and_place_aliases() -> None:
    assert strip_titles("President Xi Jinping") == "Xi Jinping"
    assert strip_titles("U.S. Secretary of State Antony Blinken") == "Antony Blinken"
    assert strip_titles("Councilor Wang Yi") == "Wang Yi"
    assert strip_titles("President") == "President"
    assert {place_canonical(s) for s in ("U.S.", "US", "the United States")} == {"United States"}
    assert is_name_typo("Anthony Blinken", "Antony Blinken")
    assert not is_name_typo("Henry Wang", "Eric Wang")


def test_find_mentions_trims_possessive_and_keeps_offsets() -> None:
    text = "Officials in Paris met Angela Merkel’s aides on Tuesday."
    (doc,) = parse([text])
    mentions = find_mentions(doc)
    assert mentions, "the tagger found nothing"
    for m in mentions:
        assert text[m.start : m.end] == m.text == m.canonical
        assert m.entity == ""
        assert not m.text.endswith("’s")


def test_link_merges_surnames_typos_and_titles() -> None:
    texts = {
        "a": "Foreign Minister Maria Kowalczyk met President Jonathan Abernathy in Oslo. "
        "Abernathy said the talks went well.",
        "b": "Jonathon Abernathy visited Oslo on Monday. Later, Abernatty said he was pleased.",
    }
    linked = _link(texts)
    assert _canonical_of(linked, "a", "Abernathy") == {"Jonathan Abernathy"}
    assert _canonical_of(linked, "b", "Jonathon Abernathy") == {"Jonathan Abernathy"}
    # a one-letter typo in a speaker slot becomes a mention of the known person
    typo = [m for m in linked["b"] if m.text == "Abernatty"]
    assert typo and typo[0].canonical == "Jonathan Abernathy"
    ids = {m.entity for ms in linked.values() for m in ms if m.canonical == "Jonathan Abernathy"}
    assert ids == {content_id("PERSON", "Jonathan Abernathy", prefix="e_")}
    for article, ms in linked.items():
        for m in ms:
            assert texts[article][m.start : m.end] == m.text


def test_description_resolves_only_with_a_fitting_title() -> None:
    texts = {
        "a": "Treasury Secretary Paula Grummet arrived in Lagos. The Secretary said the talks "
        "were useful. The president did not attend.",
    }
    linked = _link(texts)
    secretary = [m for m in linked["a"] if m.text == "The Secretary"]
    assert secretary and secretary[0].canonical == "Paula Grummet"
    # nobody in the batch is titled president: no guess
    assert not [m for m in linked["a"] if m.text == "The president"]


def test_empty_batch() -> None:
    assert link_entities({}, {}) == {}
    assert link_entities({"x": []}, {"x": ""}) == {"x": []}


@pytest.fixture(scope="module")
def seeds() -> tuple[dict[str, str], dict[str, list[Mention]]]:
    texts = {p: seed_text(p) for p in ("000", "001", "002", "003")}
    return texts, _link(texts)


@needs_shared
def test_seed_person_variants_merge(
    seeds: tuple[dict[str, str], dict[str, list[Mention]]],
) -> None:
    texts, linked = seeds
    blinken: set[str] = set()
    xi: set[str] = set()
    for ms in linked.values():
        for m in ms:
            if m.canonical == "Antony Blinken":
                blinken.add(m.text.lower())
            if m.canonical == "Xi Jinping":
                xi.add(m.text.lower())
    assert {"anthony blinken", "blinked", "the secretary", "the us diplomat"} <= blinken
    assert {"xi", "the chinese leader", "xi jinping"} <= xi
    # "President Xi" in 001: the name after the title links to Xi Jinping
    text = texts["001"]
    at = text.index("President Xi ") + len("President ")
    assert any(m.start == at and m.canonical == "Xi Jinping" for m in linked["001"])


@needs_shared
def test_seed_one_entity_per_name_and_country(
    seeds: tuple[dict[str, str], dict[str, list[Mention]]],
) -> None:
    _, linked = seeds
    us = {m.entity for ms in linked.values() for m in ms if m.text in {"U.S.", "US"}}
    assert len(us) == 1
    people = {m.canonical for ms in linked.values() for m in ms if m.label == "PERSON"}
    assert "Anthony Blinken" not in people and "Blinken" not in people
    assert {"Wang Yi", "Qin Gang", "Henry Wang", "George Magnus"} <= people


def test_office_words_inside_titles_are_not_organisations() -> None:
    text = (
        "Secretary of State Mira Kalden met State Councilor Oren Vask in Lisbon. "
        "Former House Speaker Tova Lind and Commerce Secretary Ivo Marsh joined them. "
        "The State Department said the President of France would attend."
    )
    (doc,) = parse([text])
    names = {(m.text, m.label) for m in find_mentions(doc)}
    assert not {n for n in names if n[0] in {"State", "House", "Commerce"}}, names
    # places and real organisations stay
    assert ("Lisbon", "GPE") in names
    assert ("France", "GPE") in names


def test_ships_and_the_names_of_things_are_not_people() -> None:
    text = (
        "A fire broke out aboard the tanker Mira Holt off the coast. The Mira Holt fire "
        "injured six crew members, said Anna Berg, who met Karl Dunn on Monday. "
        "Critics of the Karl Dunn era were quiet."
    )
    (doc,) = parse([text])
    people = {m.text for m in find_mentions(doc) if m.label == "PERSON"}
    assert not any("Mira Holt" in p for p in people), people
    assert {"Anna Berg", "Karl Dunn"} <= people
