"""Sorted, non-overlapping-or-not ``[start, end)`` ranges with fast overlap queries."""

from __future__ import annotations

from bisect import bisect_left, bisect_right


class Ranges:
    def __init__(self, ranges):
        self.items = sorted(ranges)
        self.starts = [start for start, _ in self.items]
        # The furthest end reached by any range up to each index, for overlap tests.
        self.reach = []
        furthest = -1
        for _, end in self.items:
            furthest = max(furthest, end)
            self.reach.append(furthest)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some range shares at least one character with ``[start, end)``."""
        index = bisect_left(self.starts, end) - 1
        return index >= 0 and self.reach[index] > start

    def contains(self, position: int) -> bool:
        return self.overlaps(position, position + 1)

    def within(self, start: int, end: int) -> list[tuple[int, int]]:
        """The ranges that start in ``[start, end)``, in order."""
        return self.items[bisect_left(self.starts, start) : bisect_right(self.starts, end - 1)]
