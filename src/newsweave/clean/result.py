"""The result of plain-text cleaning: the clean text plus the raw ranges that were cut."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from newsweave.model import Removal


@dataclass(frozen=True)
class CleanResult:
    """``text`` is exactly the raw input with every ``removed`` range cut out.

    ``removed`` holds sorted, non-overlapping ranges of offsets into the raw input, so any
    offset into ``text`` maps back to the raw input with :meth:`to_raw`.
    """

    text: str
    removed: tuple[Removal, ...]
    _clean_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)
    _shifts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        starts: list[int] = []
        shifts: list[int] = []
        cut = 0
        for rem in self.removed:
            cut += rem.end - rem.start
            # clean offsets at or after rem.start - (cut before rem) sit after this removal
            starts.append(rem.end - cut)
            shifts.append(cut)
        object.__setattr__(self, "_clean_starts", tuple(starts))
        object.__setattr__(self, "_shifts", tuple(shifts))

    def to_raw(self, offset: int) -> int:
        """The raw-input offset of clean-text ``offset`` (``0 <= offset <= len(text)``).

        An offset that falls exactly where a range was cut maps to the raw position after
        the cut, so a span's start lands on its first kept character.
        """
        if offset < 0 or offset > len(self.text):
            raise ValueError(f"offset {offset} is outside the clean text (0..{len(self.text)})")
        idx = bisect_right(self._clean_starts, offset) - 1
        return offset if idx < 0 else offset + self._shifts[idx]

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean ``[start, end)`` span to raw offsets (``end`` maps from its last char)."""
        if end <= start:
            raw_start = self.to_raw(start)
            return raw_start, raw_start
        return self.to_raw(start), self.to_raw(end - 1) + 1


def apply_removals(raw: str, removals: Iterable[Removal]) -> CleanResult:
    """Build the :class:`CleanResult` for ``raw`` minus ``removals``.

    Ranges are sorted, empty ones dropped, adjacent ones with the same reason merged;
    overlapping ranges are an error of the caller.
    """
    merged: list[Removal] = []
    for rem in sorted(removals, key=lambda r: (r.start, r.end)):
        if rem.end <= rem.start:
            continue
        if merged and rem.start < merged[-1].end:
            raise ValueError(f"overlapping removals: {merged[-1]} and {rem}")
        if merged and rem.start == merged[-1].end and rem.reason == merged[-1].reason:
            merged[-1] = Removal(merged[-1].start, rem.end, rem.reason)
        else:
            merged.append(rem)
    pieces: list[str] = []
    pos = 0
    for rem in merged:
        pieces.append(raw[pos : rem.start])
        pos = rem.end
    pieces.append(raw[pos:])
    return CleanResult(text="".join(pieces), removed=tuple(merged))
