"""Shared test fixtures: the real article text in ../shared, skipped with a reason when absent."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
BENCH = SHARED / "bench"
EXAMPLES = REPO / "examples"

needs_shared = pytest.mark.skipif(
    not SEEDS.is_dir(),
    reason="../shared (seed articles and benchmark data) is not next to the repo; "
    "these tests read real article text that is not copied into the repo",
)


def seed_text(prefix: str) -> str:
    """The raw text of the seed article whose file name starts with ``prefix`` (e.g. "002")."""
    (path,) = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    return path.read_text(encoding="utf-8")
