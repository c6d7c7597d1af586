"""Pinned quality floor: plain-text cleaning F1 on the shared cleaning benchmark (dev split).

Measured 0.919 F1 and 0.037 first-paragraph loss (see bench/results/cleaning.md); the floor
sits 0.02 below so that a rule change that loses body text or lets chrome back in fails here.
"""

from __future__ import annotations

import sys

from conftest import BENCH, needs_shared
from newsweave.clean import clean_text

F1_FLOOR = 0.90
FIRST_PARA_LOSS_CEILING = 0.06


@needs_shared
def test_plain_text_cleaning_stays_above_floor() -> None:
    bench_dir = BENCH / "cleaning"
    sys.path.insert(0, str(bench_dir))
    try:
        import score_clean
    finally:
        sys.path.remove(str(bench_dir))
    pages = score_clean.read_jsonl(str(bench_dir / "pages.jsonl"))
    preds = {p["id"]: clean_text(p["text"]).text for p in pages}
    scores, _ = score_clean.score_pages(pages, preds, n_bootstrap=0)
    assert scores["f1"] >= F1_FLOOR, scores
    assert scores["first_para_loss"] <= FIRST_PARA_LOSS_CEILING, scores
