"""Proof of protection without a solver, for tables where each position is on at most two
lines (a grid: a cell is on its row and its column; a row total on its row and the line of
row totals).

The true table is one assignment the reader must allow. Another is found by a balanced
move: +d on a hidden position, −d on the next hidden one along its row, +d on the next along
that one's column ... back to the start, so every line still adds up. Positions are edges
between their two lines (one on a single line hangs from a "free" end, which needs no
balance); a move is a cycle of hidden edges. The search (breadth-first over line and sign)
takes only edges that stay within their domain after the move ("<5" 1..4, "*" 0 or at least
the threshold, "–" 0 or more, all at most the cap).

Every witness point is then *checked*: every position it changes is hidden and within its
domain, and every line through a changed position still adds up (the true table adds up on
every line, which is checked once, and a line no change touches keeps its true sum). A
checked point is an assignment the reader cannot rule out, so each hidden position's
interval spans at least from the least to the greatest value it takes across the true table
and its witnesses. Positions whose witnesses reach the protected width are proven; the rest
go to the solver.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Hashable, Iterable, Mapping, Sequence

from attendance.disclosure_attack import Hidden, Line, cap, domain, in_domain, is_protected

FREE = -1  # the end of a position on a single line: it needs no balance
Edge = tuple[Hashable, int, int, int]  # (position, its sign here, the other end, its sign there)
State = tuple[int, int]  # (line, sign of the change left to balance on it)


class Witnesses:
    """Least and greatest value seen for each hidden position over checked assignments."""

    def __init__(self, values: Mapping[Hashable, int], hidden: Mapping[Hashable, Hidden],
                 lines: Sequence[Line], threshold: int) -> None:
        self.values, self.hidden, self.lines, self.t = values, hidden, lines, threshold
        self.bound = cap(values, threshold)
        self.ends: dict[Hashable, list[tuple[int, int]]] = defaultdict(list)
        for i, (members, total) in enumerate(lines):
            for m in members:
                self.ends[m].append((i, 1))
            self.ends[total].append((i, -1))
        # Grids only, and the true table must add up (it is the point every move starts at).
        self.usable = (all(len(e) <= 2 for e in self.ends.values())
                       and all(sum(values[m] for m in members) == values[total]
                               for members, total in lines))
        self.seen: dict[Hashable, tuple[int, int]] = {}
        self.domains: dict[Hashable, tuple[int, int, bool]] = {}
        self.long: set[int] = set()

    def proven(self, positions: Iterable[Hashable]) -> set[Hashable]:
        """Those of `positions` that checked witnesses prove protected.

        `hidden` may have grown since the last call: a point the reader had to allow then
        still fits (hiding more only widens what a reader allows), so what was seen stays."""
        if not self.usable or not all(self._fits(p, self.values[p]) for p in self.hidden):
            return set()
        for p in self.hidden:
            self.seen.setdefault(p, (self.values[p], self.values[p]))
        adjacency = self._adjacency()
        # For the search's hot loop, once per call: each hidden position's domain as (least,
        # greatest, "0 or at least t"?), and the long lines (columns), looked at last.
        self.domains = {q: (*domain(kind, self.values[q], self.t, self.bound),
                            kind == Hidden.SECONDARY) for q, kind in self.hidden.items()}
        self.long = {line for line, edges in adjacency.items() if len(edges) > 4}
        done = set()
        for p in positions:
            for direction, d in self._wanted(p):
                if self._protected(p):
                    break
                move = self._search(adjacency, p, direction, d, {})
                if move is not None and self._check(move):
                    self._record(move)
                elif d > 1:
                    self._stepwise(adjacency, p, direction, d)
            if self._protected(p):
                done.add(p)
        return done

    def _stepwise(self, adjacency: Mapping[int, list[Edge]], p: Hashable, direction: int,
                  d: int) -> None:
        """No single cycle moves p by d: try d moves of 1, each from the point the last one
        reached (every point on the way checked, so each is a witness of its own)."""
        point: dict[Hashable, int] = {}
        for _ in range(d):
            step = self._search(adjacency, p, direction, 1, point)
            if step is None:
                return
            ahead = {q: point.get(q, 0) + step.get(q, 0) for q in {*point, *step}}
            if not self._check(ahead):
                return
            self._record(ahead)
            point = ahead

    def _protected(self, p: Hashable) -> bool:
        return is_protected(self.hidden[p], self.seen[p], self.t)

    def _wanted(self, p: Hashable) -> list[tuple[int, int]]:
        """Moves (direction, size) that would widen p enough, in the order to try them."""
        v, t, kind = self.values[p], self.t, self.hidden[p]
        if kind == Hidden.SMALL:
            return [(-1, v - 1), (1, t - 1 - v)]
        w = max(t - 2, 1)
        up = w if kind != Hidden.SECONDARY or v + w >= t else t - v
        return [(1, up), (-1, w), (-1, v)]

    def _adjacency(self) -> dict[int, list[Edge]]:
        adjacency: dict[int, list[Edge]] = defaultdict(list)
        for p in self.hidden:
            ends = self.ends.get(p, [])
            if len(ends) == 1:
                ends = [*ends, (FREE, 0)]
            if len(ends) == 2:
                (a, sa), (b, sb) = ends
                adjacency[a].append((p, sa, b, sb))
                adjacency[b].append((p, sb, a, sa))
        # A line's total first (its sign there is -1): a total has room to move, and a move
        # through the margins closes at once, where a column of small cells each at its
        # limit would be walked cell by cell (quadratic over a return's hundreds of cohorts).
        for edges in adjacency.values():
            edges.sort(key=lambda e: e[1] != -1)
        return adjacency

    def _fits(self, p: Hashable, x: int) -> bool:
        return in_domain(self.hidden.get(p), self.values[p], x, self.t, self.bound)

    def _search(self, adjacency: Mapping[int, list[Edge]], p: Hashable, direction: int,
                d: int, point: Mapping[Hashable, int]) -> dict[Hashable, int] | None:
        """A balanced move changing p by direction·d from the true table plus `point`, if one
        is found: position → change."""
        values = self.values
        if d <= 0 or not self._fits(p, values[p] + point.get(p, 0) + direction * d):
            return None
        ends = self.ends.get(p, [])
        if not ends:
            return {p: direction * d}
        (a, sa), (b, sb) = [*ends, (FREE, 0)][:2]
        start: State = (a, sa * direction)
        goal: State = (FREE, 0) if b == FREE else (b, -sb * direction)
        parent: dict[State, tuple[State, Hashable, int] | None] = {start: None}
        domains, long, t = self.domains, self.long, self.t
        # Breadth-first, except that a short line (a row) just reached is looked at at once,
        # before the rest of a long one (a column): a move closes there soonest.
        queue = deque([(start, 0)])
        while queue:
            state, k = queue.popleft()
            line, owed = state
            edges = adjacency.get(line, ())
            while k < len(edges):
                q, here, other, there = edges[k]
                k += 1
                if q == p:
                    continue
                lo, hi, secondary = domains[q]
                now = values[q] + point.get(q, 0) if point else values[q]
                found = []
                for change in ((-owed * here,) if line != FREE else (1, -1)):
                    nxt: State = (FREE, 0) if other == FREE else (other, there * change)
                    x = now + change * d  # in q's domain (as `_fits`, inlined: the hot loop)
                    if (nxt in parent or not lo <= x <= hi
                            or (secondary and x != 0 and x < t)):
                        continue
                    parent[nxt] = (state, q, change)
                    if nxt == goal:
                        return self._walk(parent, goal, p, direction * d, d)
                    found.append(nxt)
                if not found:
                    continue
                near = [n for n in found if n[0] not in long]
                queue.extend((n, 0) for n in found if n[0] in long)
                if near:
                    queue.appendleft((state, k))
                    queue.extendleft((n, 0) for n in near)
                    break
        return None

    @staticmethod
    def _walk(parent: Mapping[State, tuple[State, Hashable, int] | None], goal: State,
              p: Hashable, first: int, d: int) -> dict[Hashable, int]:
        move: dict[Hashable, int] = defaultdict(int)
        move[p] = first
        step = parent[goal]
        while step is not None:
            state, q, change = step
            move[q] += change * d
            step = parent[state]
        return dict(move)

    def _check(self, move: Mapping[Hashable, int]) -> bool:
        """Is the true table plus this move an assignment the reader must allow?"""
        if not all(q in self.hidden and self._fits(q, self.values[q] + c)
                   for q, c in move.items()):
            return False
        owed: dict[int, int] = defaultdict(int)
        for q, c in move.items():
            for line, sign in self.ends.get(q, ()):
                owed[line] += sign * c
        return not any(owed.values())

    def _record(self, move: Mapping[Hashable, int]) -> None:
        for q, c in move.items():
            lo, hi = self.seen[q]
            x = self.values[q] + c
            self.seen[q] = (min(lo, x), max(hi, x))
