"""The parse worker: the two-core parse gives the pipeline's own Doc; calls run there."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsweave.analyze import parse_worker
from newsweave.analyze.annotate import analyze
from newsweave.analyze.nlp import load_nlp
from newsweave.analyze.parse_worker import ParseWorker, crossing, settled
from newsweave.pipeline import Options, load

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
# our own sentence: the small model's parser starts a sentence inside both names, which
# the recogniser decoding without sentence starts runs across
CROSSING = (
    "Protests forced Tunisian President Zine El Abidine Ben Ali from office in January, "
    "and Federal Reserve Chairman Ben S. Bernanke said rates would stay low."
)


def _attrs() -> list[Any]:
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, POS, SENT_START, TAG

    return [ENT_IOB, ENT_TYPE, HEAD, DEP, TAG, POS, SENT_START]


def same_doc(a: Any, b: Any) -> bool:
    ents_a = [(e.start, e.end, e.label_) for e in a.ents]
    ents_b = [(e.start, e.end, e.label_) for e in b.ents]
    return bool(ents_a == ents_b and (a.to_array(_attrs()) == b.to_array(_attrs())).all())


@pytest.fixture(scope="module")
def worker() -> Iterator[ParseWorker]:
    w = ParseWorker()
    w.start()
    yield w
    w.stop()


def demo_texts() -> list[str]:
    return [a.text for a in load([str(REPO / "examples/harbour-summit")], Options()).articles]


def test_demo_articles_parse_as_the_pipeline_does(worker: ParseWorker) -> None:
    nlp = load_nlp()
    for text in demo_texts():
        assert same_doc(worker.parse(text), nlp(text))


def test_an_entity_across_a_sentence_start_is_decoded_again(worker: ParseWorker) -> None:
    nlp = load_nlp()
    free = nlp.get_pipe("ner")(nlp.make_doc(CROSSING))  # what the worker finds
    found = [(e.start, e.end, e.label_) for e in free.ents]
    parsed = nlp.make_doc(CROSSING)
    for name, component in nlp.pipeline:
        if name != "ner":
            parsed = component(parsed)
    assert crossing(parsed, found) is not None
    full = nlp(CROSSING)
    assert settled(parsed, found) == [(e.start, e.end, e.label_) for e in full.ents]
    before, fallbacks = worker.redecoded, worker.fallbacks
    assert same_doc(worker.parse(CROSSING), full)
    assert worker.redecoded == before + 1
    assert worker.fallbacks == fallbacks


def test_a_dead_worker_is_replaced_and_the_parse_still_exact(worker: ParseWorker) -> None:
    nlp = load_nlp()
    assert worker._process is not None
    worker._process.kill()
    worker._process.join()
    text = demo_texts()[0]
    fallbacks = worker.fallbacks
    assert same_doc(worker.parse(text), nlp(text))  # parsed here while a new one starts
    assert worker.fallbacks == fallbacks + 1
    assert worker.alive()
    assert same_doc(worker.parse(CROSSING), nlp(CROSSING))
    assert worker.fallbacks == fallbacks + 1  # the replacement found these


def test_a_reply_left_by_an_interrupted_request_is_not_taken(worker: ParseWorker) -> None:
    nlp = load_nlp()
    assert worker._send(("parse", CROSSING)) is not None  # its reply is never read
    text = demo_texts()[1]
    fallbacks = worker.fallbacks
    assert same_doc(worker.parse(text), nlp(text))
    assert worker.fallbacks == fallbacks  # the worker's entities, for this text


def test_a_busy_worker_is_not_waited_for(worker: ParseWorker) -> None:
    nlp = load_nlp()
    with worker._lock:  # another thread's parse holds it
        assert same_doc(worker.parse(CROSSING), nlp(CROSSING))


def test_the_process_wide_worker_serves_the_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse_worker, "two_cores", lambda: True)
    from newsweave.model import Article

    demo = load([str(REPO / "examples/harbour-summit")], Options()).articles[:2]
    articles = [Article(id="crossing", source="ours", text=CROSSING, raw=CROSSING), *demo]
    alone = analyze(articles)
    try:
        started = parse_worker.start()
        assert started is not None and parse_worker.current() is started
        shared = analyze(articles)
    finally:
        parse_worker.stop()
    assert parse_worker.current() is None
    assert shared.annotations == alone.annotations
    assert shared.events == alone.events


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared (Timeline17 articles)")
def test_real_articles_parse_as_the_pipeline_does(worker: ParseWorker) -> None:
    nlp = load_nlp()
    texts: list[str] = []
    for path in sorted((SHARED / "bench/timeline/t17").glob("*/articles.jsonl"))[:6]:
        for line in path.read_text(encoding="utf-8").splitlines()[:10]:
            texts.append(json.loads(line)["text"][:8000])
    redecoded, fallbacks = worker.redecoded, worker.fallbacks
    for text in texts:
        assert same_doc(worker.parse(text), nlp(text))
    assert worker.fallbacks == fallbacks  # every one's entities came from the worker
    assert worker.redecoded > redecoded  # some of them do cross a sentence start


def test_a_call_runs_in_the_worker_while_this_process_works(worker: ParseWorker) -> None:
    import math
    import os

    assert worker._process is not None
    pending = worker.begin(os.getpid)
    assert not worker._lock.acquire(blocking=False)  # held until collected
    assert pending() == worker._process.pid
    with worker._lock:  # free again
        pass
    assert worker.calls >= 1
    failing = worker.begin(math.factorial, -1)  # raises there: run here, raises here
    with pytest.raises(ValueError):
        failing()


def test_a_story_summarised_in_the_worker_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from newsweave.analyze.parse_worker import elsewhere
    from newsweave.pipeline import report_from

    monkeypatch.setattr(parse_worker, "two_cores", lambda: True)
    prepared = load([str(REPO / "examples/harbour-summit")], Options())
    alone = report_from(prepared)
    try:
        parse_worker.start()
        with elsewhere(os.getpid) as pid:
            assert pid() != os.getpid()  # the worker is up and takes calls
        shared = report_from(prepared)
        running = parse_worker.current()
        assert running is not None and running.calls >= 1 + len(shared.stories)
    finally:
        parse_worker.stop()
    assert [s.summary_claims for s in shared.stories] == [s.summary_claims for s in alone.stories]
    assert shared.stories == alone.stories


def test_a_worker_that_cannot_start_leaves_the_parse_here(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsweave.model import Article

    def refuse(self: ParseWorker) -> None:
        raise OSError("no new processes")

    monkeypatch.setattr(parse_worker, "two_cores", lambda: True)
    monkeypatch.setattr(ParseWorker, "start", refuse)
    with pytest.warns(UserWarning, match="parsing on one core"):
        assert parse_worker.start() is None
    assert parse_worker.current() is None
    analysis = analyze([Article(id="x", source="ours", text=CROSSING, raw=CROSSING)])
    assert same_doc(analysis.docs["x"], load_nlp()(CROSSING))


def test_a_failure_here_does_not_leave_a_reply_for_the_next_parse(worker: ParseWorker) -> None:
    def fail() -> None:
        raise RuntimeError("reading the text failed")

    with pytest.raises(RuntimeError):
        worker.parse(CROSSING, meanwhile=fail)
    text = demo_texts()[1]
    assert same_doc(worker.parse(text), load_nlp()(text))  # its own entities, not CROSSING's


def test_a_stopped_worker_is_not_started_again() -> None:
    worker = ParseWorker()
    worker.start()
    worker.stop()
    assert not worker.alive()
    assert same_doc(worker.parse(CROSSING), load_nlp()(CROSSING))  # here
    assert worker.begin(sum, [1, 2])() == 3  # here
    assert not worker.alive() and worker.calls == 0
