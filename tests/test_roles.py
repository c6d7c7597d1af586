"""Role claims and event frames on sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from newsweave.analyze.events import find_events
from newsweave.analyze.quantities import find_quantities
from newsweave.analyze.roles import find_roles, office_of
from newsweave.model import Mention, content_id

spacy = pytest.importorskip("spacy")


def mentions_of(doc: Any) -> list[Mention]:
    """doc.ents as mentions; a person's short name maps to the full name used in the text."""
    full: dict[str, str] = {}
    for e in doc.ents:
        if e.label_ == "PERSON":
            for tok in e.text.split():
                if len(e.text) > len(full.get(tok, "")):
                    full[tok] = e.text
    out = []
    for e in doc.ents:
        canon = full.get(e.text.split()[-1], e.text) if e.label_ == "PERSON" else e.text
        out.append(Mention(e.start_char, e.end_char, e.label_, e.text, canon, content_id(canon)))
    return out


@pytest.fixture(scope="module")
def nlp() -> Any:
    from newsweave.analyze.nlp import load_nlp

    return load_nlp()


def roles_in(nlp: Any, text: str) -> dict[str, list[str]]:
    doc = nlp(text)
    out: dict[str, list[str]] = {}
    for r in find_roles(doc, mentions_of(doc)):
        assert r.start < r.end
        assert r.role.lower() in text[r.start : r.end].lower()
        out.setdefault(r.person, []).append(r.role)
    return out


def test_title_before_name(nlp: Any) -> None:
    found = roles_in(nlp, "Treasury Secretary Janet Yellen met Defense Minister Rafael Ortiz.")
    assert office_of(found["Janet Yellen"][0]) == office_of("Secretary of the Treasury")
    assert office_of(found["Rafael Ortiz"][0]).key == "minister of defense"  # type: ignore[union-attr]


def test_appositives(nlp: Any) -> None:
    found = roles_in(
        nlp, "The talks included Maria Lopez, the country's top trade official, on Monday."
    )
    assert "top trade official" in found["Maria Lopez"][0]
    assert office_of(found["Maria Lopez"][0]) is None  # a description, not an office
    found = roles_in(nlp, "Officials said the Senate majority leader, Tom Reed, would vote.")
    assert office_of(found["Tom Reed"][0]).key == "majority leader"  # type: ignore[union-attr]


def test_office_normalisation() -> None:
    assert office_of("Sen.") == office_of("Senator")
    assert office_of("Defense Secretary") == office_of("Secretary of Defense")
    assert office_of("top U.S. diplomat") == office_of("Secretary of State")
    assert office_of("State Councilor") != office_of("Director of the Foreign Affairs Office")
    assert office_of("Rep.") != office_of("Sen.")
    assert office_of("highest-ranking diplomat") is None


def test_former_titles_are_marked_past(nlp: Any) -> None:
    assert roles_in(nlp, "Former Senator Paul Grant spoke on Tuesday.") == {
        "Paul Grant": ["former Senator"]
    }
    assert roles_in(nlp, "Then-Senator Paul Grant spoke on Tuesday.") == {}


def test_department_after_minister_of(nlp: Any) -> None:
    text = "On Monday, Peter Hall met the Minister of Transport and Maritime Affairs, Mark Stone."
    (role,) = roles_in(nlp, text)["Mark Stone"]
    assert role == "Minister of Transport and Maritime Affairs"
    assert office_of(role) == office_of("Transport Minister")
    assert office_of("Deputy Minister") != office_of("Minister of Transport")
    assert office_of("Deputy Minister").family == "minister"  # type: ignore[union-attr]
    assert office_of("Minister of Foreign Affairs") == office_of("Foreign Minister")


def test_group_subject_does_not_inherit_participants(nlp: Any) -> None:
    text = (
        "On Saturday, Peter Hall met Mark Stone for 40 minutes. "
        "The delegations then sat down for four hours of talks."
    )
    fs = [f for f in frames(nlp, text) if f.duration_text == "four hours"]
    assert all("Mark Stone" not in f.participants for f in fs)


def frames(nlp: Any, text: str) -> list[Any]:
    doc = nlp(text)
    return find_events(doc, mentions_of(doc), [], find_quantities(text))


def test_meeting_length_with_two_clauses(nlp: Any) -> None:
    text = (
        "Peter Hall spoke with Mark Stone for 35 minutes; his discussions with "
        "Anna Berg lasted several hours."
    )
    fs = [f for f in frames(nlp, text) if f.duration_s]
    got = {f.duration_text: set(f.participants) for f in fs}
    assert got["35 minutes"] == {"Peter Hall", "Mark Stone"}
    assert got["several hours"] >= {"Peter Hall", "Anna Berg"}
    for f in fs:
        assert f.duration_span and text[f.duration_span[0] : f.duration_span[1]] == f.duration_text


def test_participants_from_previous_sentence(nlp: Any) -> None:
    text = "On Sunday, Peter Hall met with Mark Stone. It was a meeting that lasted seven hours."
    (f,) = [f for f in frames(nlp, text) if f.duration_s]
    assert f.duration_s == 7 * 3600
    assert set(f.participants) == {"Peter Hall", "Mark Stone"}
    assert text[f.start : f.end].startswith("It was")


def test_hours_of_talks_and_visit(nlp: Any) -> None:
    text = (
        "Mark Stone accepted an invitation to visit Paris after 7 1/2 hours of talks with "
        "Peter Hall. Peter Hall ended his two-day visit to Berlin."
    )
    fs = frames(nlp, text)
    talks = [f for f in fs if f.kind == "talks"]
    assert talks and talks[0].duration_s == 7.5 * 3600
    visit = [f for f in fs if f.kind == "visit" and f.duration_s]
    assert visit[-1].duration_s == 2 * 86400
    assert visit[-1].place == "Berlin"


def test_his_is_the_last_subject_not_the_last_name(nlp: Any) -> None:
    # The nearest name before "his" is Mark Stone, but the subject is Peter Hall; the
    # article's main person (most often the subject of a meeting) is Mark Stone.
    text = (
        "Mark Stone met Anna Berg on Friday. Mark Stone visited the port. "
        "Peter Hall spoke with Mark Stone for 35 minutes; his discussions with "
        "Anna Berg lasted several hours."
    )
    (f,) = [f for f in frames(nlp, text) if f.duration_text == "several hours"]
    assert f.participants[0] == "Peter Hall"
    assert "Mark Stone" not in f.participants


def test_his_in_an_earlier_phrase_of_the_clause(nlp: Any) -> None:
    # "his" owns "meeting", not the "session" that carries the length: still Peter Hall's.
    text = (
        "The talks with Mark Stone closed Peter Hall's tour of the region. In his meeting "
        "with Anna Berg on Monday, the minister gave a stern warning during a four-hour "
        "session at the guest house."
    )
    fs = [f for f in frames(nlp, text) if f.duration_text == "four-hour"]
    # (this test's mentions keep the possessive: "Peter Hall's")
    assert fs and {p.removesuffix("'s") for p in fs[0].participants} == {"Peter Hall", "Anna Berg"}


def test_his_visit_belongs_to_the_clause_subject(nlp: Any) -> None:
    text = (
        "While the meeting with Mark Stone ended Peter Hall's tour, Peter Hall also heard "
        "harsh words over his two-day visit."
    )
    (f,) = [f for f in frames(nlp, text) if f.kind == "visit" and f.duration_s]
    assert f.participants[0] == "Peter Hall"
