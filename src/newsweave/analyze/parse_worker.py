"""The parse worker: a second process that parses one article with this one, on two cores.

spaCy's entity recogniser has its own token embedding (it reads none of the tagger's or the
parser's output but one thing), so it runs on the same tokens in the worker while this
process runs the tagger and the parser (and reads the text's dates and quantities); the
parse of one article then takes about as long as the slower half instead of the sum. The
one thing it reads is the sentence starts: an entity may not run across one. The worker
decodes without them. That constraint only removes actions from the greedy decoder, so
where none of the worker's entities runs across a sentence start of this process's parse,
every step chose the action the pipeline would have chosen; around one that does (a few
articles in a hundred), the recogniser decodes again here a window of tokens
(:func:`settled`). The ``Doc`` is the pipeline's own, token for token. A worker that dies
or stalls is replaced, and meanwhile the parse runs whole in this process.

Between parses the worker takes calls of pure functions (:func:`elsewhere`: a story's
summary while this process reconciles its facts).

For long-running processes that add articles one at a time (``newsweave serve``,
``newsweave watch``): the worker loads its own copy of the model once.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache, partial
from multiprocessing import get_context
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

from newsweave.analyze.nlp import load_nlp

Entities = list[tuple[int, int, str]]  # token start, token end, label
T = TypeVar("T")
TIMEOUT_S = 60.0  # a worker that has not answered by then is replaced
STOP_WAIT_S = 5.0


def _serve(conn: Connection) -> None:  # pragma: no cover - runs in the worker process
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the service's; it stops us
    nlp = load_nlp()
    ner = nlp.get_pipe("ner")
    gc.freeze()  # the model stays: full collections need not walk it (pauses of ~0.1 s)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        seq, kind, *rest = message
        reply: object
        try:
            if kind == "call":  # (seq, "call", function, args, kwargs)
                fn, args, kwargs = rest
                reply = ("ok", fn(*args, **kwargs))
            else:  # (seq, "parse", text)
                doc = ner(nlp.make_doc(rest[0]))
                reply = [(e.start, e.end, e.label_) for e in doc.ents]
        except Exception as exc:  # the caller does it itself
            reply = ("error", f"{type(exc).__name__}: {exc}")
        try:
            conn.send((seq, reply))
        except (EOFError, OSError):
            return
        except Exception as exc:  # a result that cannot be pickled
            conn.send((seq, ("error", f"{type(exc).__name__}: {exc}")))


def two_cores() -> bool:
    """Whether this process may use at least two cores (else a worker only competes)."""
    try:
        return len(os.sched_getaffinity(0)) >= 2
    except AttributeError:  # pragma: no cover - platforms without affinity
        return (os.cpu_count() or 1) >= 2


class ParseWorker:
    """A worker process running the entity recogniser; :meth:`parse` gives the pipeline's
    ``Doc`` for a text (same tokens, tags, parse and entities as ``nlp(text)``)."""

    def __init__(self, timeout: float = TIMEOUT_S) -> None:
        self.timeout = timeout
        self.redecoded = 0  # texts with an entity decoded again around a sentence start
        self.fallbacks = 0  # texts whose entities were all found again in this process
        self.calls = 0  # calls the worker answered
        self._lock = threading.Lock()
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._seq = 0  # requests sent; each reply carries its request's number
        self._stopped = False

    def start(self) -> None:
        self._stopped = False
        if self._process is not None and self._process.is_alive():
            return
        self._close()
        ctx = get_context("spawn")  # no fork: the caller may run threads (a web server)
        mine, theirs = ctx.Pipe()
        process = ctx.Process(target=_serve, args=(theirs,), daemon=True, name="newsweave-parse")
        process.start()
        theirs.close()
        self._process, self._conn = process, mine

    def alive(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def parse(self, text: str, meanwhile: Callable[[], object] | None = None) -> Any:
        """The pipeline's ``Doc`` for ``text``; ``meanwhile`` is called (once) while the
        worker's entities are awaited, when the parse is shared."""
        nlp = load_nlp()
        if not self._lock.acquire(blocking=False):  # another thread holds the worker
            return nlp(text)
        try:
            seq = self._send(("parse", text))
            got: object = None
            try:
                doc = nlp.make_doc(text)
                for name, component in nlp.pipeline:
                    if name != "ner":
                        doc = component(doc)
                if seq is not None and meanwhile is not None:
                    meanwhile()
            finally:  # read even if this half failed, so that it is not left in the pipe
                got = self._reply(seq) if seq is not None else None
        finally:
            self._lock.release()
        found: Entities | None = got if isinstance(got, list) else None
        if found is not None and any(end > len(doc) for _, end, _ in found):
            found = None  # not this text's tokens: found again here
        if found is not None and crossing(doc, found) is not None:
            self.redecoded += 1
            found = settled(doc, found)
        if found is None:
            self.fallbacks += 1
            return load_nlp().get_pipe("ner")(doc)
        return with_entities(doc, found)

    def stop(self) -> None:
        """Stop the worker; later parses and calls run here."""
        self._stopped = True
        held = self._lock.acquire(timeout=STOP_WAIT_S)  # a request in flight may finish
        try:
            if self._conn is not None:
                with contextlib.suppress(OSError, ValueError):
                    self._conn.send(None)
            if self._process is not None:
                self._process.join(timeout=STOP_WAIT_S)
            self._close()
        finally:
            if held:
                self._lock.release()

    def begin(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> Pending[T]:
        """Start ``fn(*args, **kwargs)`` (a module-level function, sent by name) in the
        worker; the worker is held until the result is collected (:func:`elsewhere` always
        does). When the worker is busy or fails, ``fn`` runs here when asked for."""
        here = partial(fn, *args, **kwargs)
        if not self._lock.acquire(blocking=False):
            return Pending(here)
        try:
            seq = self._send(("call", fn, args, kwargs))
        except Exception:  # not picklable: run here
            seq = None
        if seq is None:
            self._lock.release()
            return Pending(here)
        return Pending(here, self, seq)

    def _collect(self, seq: int) -> object:
        """The reply to call ``seq`` that :meth:`begin` sent; frees the worker."""
        try:
            return self._reply(seq)
        finally:
            self._lock.release()

    def _send(self, message: tuple[object, ...]) -> int | None:
        """Send a request; its number, or None when it runs here instead: the worker is
        stopped, or dead (then a replacement starts, loading its model meanwhile)."""
        if self._stopped:
            return None
        if not self.alive():
            with contextlib.suppress(OSError):  # cannot start one now: the next request tries
                self.start()
            return None
        self._seq += 1
        try:
            assert self._conn is not None
            self._conn.send((self._seq, *message))
        except (OSError, ValueError):
            self._close()
            return None
        return self._seq

    def _reply(self, seq: int) -> object:
        """The worker's reply to request ``seq``; replies to earlier requests that were
        interrupted before reading theirs are dropped. None when the worker died or
        stalled (it is replaced on the next request)."""
        conn = self._conn
        deadline = time.monotonic() + self.timeout
        try:
            while conn is not None:
                left = deadline - time.monotonic()
                if left <= 0 or not conn.poll(left):
                    break
                got = conn.recv()
                if isinstance(got, tuple) and len(got) == 2 and got[0] == seq:
                    return got[1]
        except (EOFError, OSError):
            pass
        self._close()
        return None

    def _close(self) -> None:
        if self._conn is not None:
            self._conn.close()
        if self._process is not None and self._process.is_alive():
            self._process.kill()
            self._process.join(timeout=5)
        self._process, self._conn = None, None


def crossing(doc: Any, found: Entities, first: int = 0) -> int | None:
    """The index of the first entity from ``first`` on that runs across a sentence start of
    ``doc`` (the pipeline's recogniser may not choose it), or None."""
    for n in range(first, len(found)):
        s, e, _ = found[n]
        if any(doc[i].is_sent_start for i in range(s + 1, e)):
            return n
    return None


def settled(doc: Any, found: Entities) -> Entities | None:
    """The pipeline's entities, from the worker's (decoded without sentence starts) and the
    parsed ``doc``: around each entity that runs across a sentence start, the recogniser
    decodes again a window of tokens with the sentence starts. Exact because the decoder's
    state holds no history when no entity is open (its features are then the next token
    only) and a token's vector depends on ``reach`` tokens each side: the window's decisions
    from a token where neither decode has an entity open, up to the next such token, are
    the pipeline's. None when the model is not of that shape."""
    reach = _reach()
    if reach is None:
        return None
    out = list(found)
    n = crossing(doc, out)
    while n is not None:
        out, resume = _redecode(doc, out, n, reach)
        n = crossing(doc, out, resume)
    return out


def _open_at(ents: Entities) -> set[int]:
    """Tokens at which a decoder that found ``ents`` had an entity open."""
    return {t for s, e, _ in ents for t in range(s + 1, e)}


def _redecode(doc: Any, ents: Entities, n: int, reach: int) -> tuple[Entities, int]:
    start, end, _ = ents[n]
    size = len(doc)
    worker_open = _open_at(ents)
    before, after = 2 * reach, 4 * reach
    while True:
        lo, hi = max(0, start - reach - before), min(size, end + reach + after)
        window = _decode_window(doc, lo, hi)
        either_open = worker_open | _open_at(window)  # read once per window, not per token
        both_closed = [t for t in range(lo, hi + 1) if t not in either_open]
        first_exact = lo if lo == 0 else lo + reach
        last_exact = hi if hi == size else hi - reach
        ks = [t for t in both_closed if first_exact <= t <= start]
        js = [t for t in both_closed if end <= t <= last_exact]
        if ks and js:
            k, j = ks[-1], js[0]
            kept = [x for x in ents if x[1] <= k]
            redone = [x for x in window if k <= x[0] and x[1] <= j]
            later = [x for x in ents if x[0] >= j]
            return [*kept, *redone, *later], len(kept) + len(redone)
        before, after = 2 * before, 2 * after


def _decode_window(doc: Any, lo: int, hi: int) -> Entities:
    """The recogniser's entities over tokens ``lo``..``hi`` of ``doc`` decoded on their own
    (with ``doc``'s words, norms and sentence starts), in ``doc``'s token positions."""
    from spacy.tokens import Doc

    tokens = doc[lo:hi]
    window = Doc(
        doc.vocab,
        words=[t.text for t in tokens],
        spaces=[bool(t.whitespace_) for t in tokens],
        sent_starts=[bool(t.is_sent_start) for t in tokens],
    )
    for mine, theirs in zip(window, tokens, strict=True):
        if mine.norm != theirs.norm:
            mine.norm_ = theirs.norm_
    window = load_nlp().get_pipe("ner")(window)
    return [(e.start + lo, e.end + lo, e.label_) for e in window.ents]


@lru_cache(maxsize=1)
def _reach() -> int | None:
    """How many tokens each side a token's vector reads in the recogniser's own embedding
    (depth x window of its window encoder), or None for another architecture."""
    model = load_nlp().config["components"]["ner"]["model"]
    tok2vec = model.get("tok2vec", {})
    encode = tok2vec.get("encode", {})
    if (
        model.get("state_type") != "ner"
        or model.get("extra_state_tokens")
        or not str(encode.get("@architectures", "")).startswith("spacy.MaxoutWindowEncoder")
    ):
        return None
    return int(encode["depth"]) * int(encode["window_size"])


def with_entities(doc: Any, found: Entities) -> Any:
    """``doc`` (parsed, no entities yet) with the worker's entities."""
    from spacy.tokens import Span

    doc.ents = [Span(doc, s, e, label=label) for s, e, label in found]
    return doc


_CURRENT: ParseWorker | None = None


def start() -> ParseWorker | None:
    """Start the process-wide worker (on a machine with two cores or more); the analysis
    then uses it. Returns it, or None when it would not help or cannot start (the parse
    then runs in this process, with a warning)."""
    global _CURRENT
    if _CURRENT is None and two_cores():
        _CURRENT = ParseWorker()
    if _CURRENT is not None:
        try:
            _CURRENT.start()
        except OSError as exc:  # no processes allowed here: parse in this one
            warnings.warn(f"parse worker not started, parsing on one core: {exc}", stacklevel=2)
            _CURRENT = None
    return _CURRENT


def stop() -> None:
    global _CURRENT
    if _CURRENT is not None:
        _CURRENT.stop()
        _CURRENT = None


def current() -> ParseWorker | None:
    return _CURRENT


class Pending(Generic[T]):
    """The result of a call started in the worker (or to be run here)."""

    def __init__(
        self, here: Callable[[], T], worker: ParseWorker | None = None, seq: int = 0
    ) -> None:
        self._here = here
        self._worker = worker
        self._seq = seq
        self._value: list[T] = []

    def __call__(self) -> T:
        if not self._value:
            worker, self._worker = self._worker, None  # collected once, whatever happens
            got = worker._collect(self._seq) if worker is not None else None
            ok = isinstance(got, tuple) and len(got) == 2 and got[0] == "ok"
            if ok and worker is not None:
                worker.calls += 1
            self._value.append(got[1] if ok else self._here())  # type: ignore[index]
        return self._value[0]

    def release(self) -> None:
        """Free the worker without the result (it is discarded)."""
        worker, self._worker = self._worker, None
        if worker is not None:
            worker._collect(self._seq)


@contextmanager
def elsewhere(fn: Callable[..., T], *args: Any, **kwargs: Any) -> Iterator[Pending[T]]:
    """Run ``fn(*args, **kwargs)`` in the process-wide worker while the ``with`` block runs
    here (when there is a worker and it is free; else here, when the result is asked for).
    Only for pure functions of picklable arguments: the result is the same either way."""
    worker = current()
    pending = (
        worker.begin(fn, *args, **kwargs)
        if worker is not None
        else Pending(partial(fn, *args, **kwargs))
    )
    try:
        yield pending
    finally:
        pending.release()  # the worker is free again even when the block failed
