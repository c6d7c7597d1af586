"""Articles added one at a time give the same facts as one batch brief of them all.

A stored article whose links change when later articles join its story is parsed and
annotated again when the story is rebuilt after the add (``desk.refresh_stories``, which
``newsweave add`` runs before it exits and reading a report runs first)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from conftest import EXAMPLES, SEEDS, needs_shared
from newsweave import desk
from newsweave.analyze.annotate import needs_parse
from newsweave.model import Story
from newsweave.pipeline import brief
from newsweave.store.sqlite import SqliteStore


def _facts_by_status(stories: Sequence[Story]) -> dict[tuple[frozenset[str], str], str]:
    """(the story's articles, fact summary) -> status, for every fact of every story."""
    return {(frozenset(s.articles), f.summary): f.status for s in stories for f in s.facts}


def _added_one_by_one(paths: list[Path], db: Path) -> dict[tuple[frozenset[str], str], str]:
    with SqliteStore(db) as store:
        for path in paths:
            desk.add_inputs(store, [str(path)])
        stories = desk.store_report(store).stories
        # settled: nothing is left to parse again, so later rebuilds do not re-parse
        assert not store.pending_stories()
        for story in stories:
            anns, _ = store.analysis(list(story.articles))
            assert needs_parse(anns, store.articles(list(story.articles))) == []
        return _facts_by_status(stories)


@needs_shared
@pytest.mark.parametrize("order", ["as listed", "reversed"])
def test_seeds_added_one_by_one_match_the_batch(tmp_path: Path, order: str) -> None:
    paths = sorted(SEEDS.glob("*.txt"))
    if order == "reversed":
        paths.reverse()
    batch = _facts_by_status(brief([SEEDS]).stories)
    added = _added_one_by_one(paths, tmp_path / "nw.db")
    assert added == batch
    # the Wang Yi session is Blinken's in both, as the batch finds it
    assert any("Blinken's meeting with Wang Yi" in summary for _, summary in added)


def test_demo_added_one_by_one_matches_the_batch(tmp_path: Path) -> None:
    demo = EXAMPLES / "harbour-summit"
    paths = sorted(p for p in demo.iterdir() if p.suffix in {".txt", ".html"})
    batch = _facts_by_status(brief(paths).stories)
    added = _added_one_by_one(paths, tmp_path / "nw.db")
    assert added == batch


@needs_shared
def test_seeds_added_on_two_cores_match_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As ``newsweave serve`` and ``watch`` add them: parsed with the parse worker, the
    summaries computed there, older members parsed again there when their links change."""
    from newsweave.analyze import parse_worker

    monkeypatch.setattr(parse_worker, "two_cores", lambda: True)
    batch = brief([SEEDS])
    try:
        assert parse_worker.start() is not None
        added = _added_one_by_one(sorted(SEEDS.glob("*.txt"), reverse=True), tmp_path / "nw.db")
    finally:
        parse_worker.stop()
    assert added == _facts_by_status(batch.stories)
