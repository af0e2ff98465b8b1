"""Which lines of a table give a hidden position away on their own, kept as positions are
hidden (never recounted per pick).

A line whose members and total show every position but one gives that one away: its value
is the line's arithmetic. `HiddenCounts` keeps, for every line, how many of its positions
are hidden, and for every position that may still be hidden, how many such one-hidden
("single") lines it is on, so the next partner to hide is found without asking the solver.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence

from attendance.disclosure_attack import Hidden, Line

Rank = tuple[bool, int, bool, int, int]


def positions(line: Line) -> tuple[Hashable, ...]:
    members, total = line
    return (*members, total)


class HiddenCounts:
    """Hidden positions per line, and the single lines' candidates, updated by `hide`.

    `hidden` is the caller's own mapping, read as it grows. `safe_pinned` says whether a
    hidden position is protected even at its one value (a "<2" is 1 anyway): its line is
    then no single line."""

    def __init__(self, values: Mapping[Hashable, int], lines: Sequence[Line],
                 hidden: Mapping[Hashable, Hidden], hideable: Callable[[Hashable], bool],
                 safe_pinned: Callable[[Hashable], bool]) -> None:
        self.values, self.lines, self.hidden, self.hideable = values, lines, hidden, hideable
        self.safe_pinned = safe_pinned
        self.totals = {total for _, total in lines}
        self.order = {p: i for i, p in enumerate(values)}
        self.on: dict[Hashable, list[int]] = defaultdict(list)  # position → its lines
        for i, line in enumerate(lines):
            for p in positions(line):
                self.on[p].append(i)
        self.count = [sum(p in hidden for p in positions(line)) for line in lines]
        self.singles = {i for i, n in enumerate(self.count) if n == 1
                        and not safe_pinned(next(p for p in positions(lines[i]) if p in hidden))}
        self.single_on: Counter[Hashable] = Counter()  # hideable position → single lines
        self._heap: list[tuple[Rank, Hashable]] = []
        self._bump(p for i in self.singles for p in positions(lines[i]))
        self.changed: set[int] = set(range(len(lines)))  # lines not looked at since
        self._member_sets: dict[int, frozenset[Hashable]] = {}
        self._ranked: dict[int, list[Hashable]] = {}
        self._start: dict[int, int] = {}
        self._anywhere: list[Hashable] | None = None

    def hide(self, pos: Hashable, *, fresh: bool = True) -> None:
        """`pos` has just been hidden (`fresh`) or hidden differently (withheld)."""
        self.single_on.pop(pos, None)
        for i in self.on.get(pos, ()):
            self.changed.add(i)
            if not fresh:
                continue
            self.count[i] += 1
            if self.count[i] == 1 and not self.safe_pinned(pos):
                self.singles.add(i)
                self._bump(positions(self.lines[i]))
            elif self.count[i] == 2 and i in self.singles:
                self.singles.discard(i)
                self._bump(positions(self.lines[i]), by=-1)

    def _bump(self, changed: Iterable[Hashable], by: int = 1) -> None:
        for p in changed:
            if self.hideable(p):
                self.single_on[p] += by
                if self.single_on[p] > 0:
                    heapq.heappush(self._heap, (self._rank(p), p))

    def _rank(self, p: Hashable) -> Rank:
        """Members before totals; then on most single lines, then non-zero, then small."""
        v = self.values[p]
        return (p in self.totals, -self.single_on[p], v == 0, v, self.order[p])

    def single_pick(self) -> Hashable | None:
        """The best position to hide on the single lines, if any may be hidden."""
        while self._heap:
            rank, p = self._heap[0]
            if self.hideable(p) and self.single_on[p] > 0 and rank == self._rank(p):
                return p
            heapq.heappop(self._heap)  # stale: hidden since, or its count has changed
        return None

    def single_hidden(self) -> Hashable | None:
        """A hidden position that a single line gives away, if any."""
        for i in self.singles:
            return next(p for p in positions(self.lines[i]) if p in self.hidden)
        return None

    def cheapest(self, lines: Iterable[int]) -> Hashable | None:
        """Members before totals; then on most of these lines, then non-zero, then small.

        A position on two or more of the lines is on one besides the longest, so only the
        others are counted; the longest line's best is read from its positions in rank
        order (those hidden are skipped for good: hidden positions stay hidden)."""
        ids = sorted(set(lines), key=lambda i: len(self.lines[i][0]))
        if not ids:
            return None
        longest = ids.pop()
        on = Counter(p for i in ids for p in positions(self.lines[i]) if self.hideable(p))
        members = self._members(longest)
        for p in on:
            on[p] += p in members
        best = min(on, default=None, key=lambda p: self._rank_on(p, on[p]))
        alone = self._first_hideable(longest, skip=on)
        if alone is None or (best is not None
                             and self._rank_on(best, on[best]) < self._rank_on(alone, 1)):
            return best
        return alone

    def cheapest_anywhere(self) -> Hashable | None:
        """`cheapest` over every line: the ranks never change, so they are sorted once."""
        if self._anywhere is None:  # best last
            self._anywhere = sorted(self.on, key=lambda p: self._rank_on(p, len(self.on[p])),
                                    reverse=True)
        while self._anywhere and not self.hideable(self._anywhere[-1]):
            self._anywhere.pop()
        return self._anywhere[-1] if self._anywhere else None

    def _rank_on(self, p: Hashable, n: int) -> Rank:
        v = self.values[p]
        return (p in self.totals, -n, v == 0, v, self.order[p])

    def _members(self, i: int) -> frozenset[Hashable]:
        if i not in self._member_sets:
            self._member_sets[i] = frozenset(positions(self.lines[i]))
        return self._member_sets[i]

    def _first_hideable(self, i: int, skip: Mapping[Hashable, int]) -> Hashable | None:
        if i not in self._ranked:
            self._ranked[i] = sorted(positions(self.lines[i]), key=lambda p: self._rank_on(p, 1))
            self._start[i] = 0
        ranked, k = self._ranked[i], self._start[i]
        while k < len(ranked) and not self.hideable(ranked[k]):
            k += 1
        self._start[i] = k
        return next((p for p in ranked[k:] if p not in skip and self.hideable(p)), None)
