"""The previous suppression algorithm, kept only to compare with (tests, bench/disclosure.py).

It asks the solver (one HiGHS model, rebuilt per pick) about every hidden position after
every pick: correct, but slow on long tables. attendance.disclosure replaces it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from attendance.disclosure import (
    PublishedGrid,
    _published,
    grid_table,
    is_small,
    published_grid,
)
from attendance.disclosure_attack import AttackModel, Hidden, Line, is_protected


@dataclass
class _Table:
    values: Mapping[Hashable, int]
    lines: Sequence[Line]
    threshold: int
    fixed: frozenset[Hashable]
    hidden: dict[Hashable, Hidden]
    protected: set[Hashable] = field(default_factory=set)

    def exposed(self) -> Hashable | None:
        """The first hidden position a reader can narrow too far, if any.

        Hiding more only widens what a reader must allow for, so a position once found
        protected stays protected: each is checked until it passes, then never again."""
        relaxed = exact = None
        for pos in [p for p in self.hidden if p not in self.protected]:
            relaxed = relaxed or self._model(relaxed=True)
            if not self._passes(pos, relaxed):
                return pos
            exact = exact or self._model(relaxed=False)
            if not self._passes(pos, exact):
                return pos
            self.protected.add(pos)
        return None

    def _model(self, *, relaxed: bool) -> AttackModel:
        return AttackModel(self.values, self.hidden, self.lines, threshold=self.threshold,
                           relaxed=relaxed)

    def _passes(self, pos: Hashable, model: AttackModel) -> bool:
        return is_protected(self.hidden[pos], model.interval(pos), self.threshold)

    def hideable(self, pos: Hashable) -> bool:
        return pos not in self.hidden and pos not in self.fixed

    def next_to_hide(self, exposed: Hashable) -> Hashable | None:
        """The position to hide next. A line with only one hidden position gives it away, so
        first a visible member of such lines, preferring one on several of them (closing a
        rectangle), then the smallest; failing that, the cheapest on the exposed position's
        lines; then anywhere."""
        singles = [line for line in self.lines if self._hidden_on(line) == 1]
        near = [line for line in self.lines if exposed in (*line[0], line[1])]
        return (self._cheapest(singles) or self._cheapest(near)
                or self._cheapest(self.lines))

    def _hidden_on(self, line: Line) -> int:
        members, total = line
        return sum(p in self.hidden for p in (*members, total))

    def _cheapest(self, lines: Sequence[Line]) -> Hashable | None:
        """Members before totals; then on most of these lines, then non-zero, then small."""
        on = Counter(p for members, total in lines for p in (*members, total)
                     if self.hideable(p))
        totals = {total for _, total in self.lines}
        ranked = sorted(on, key=lambda p: (p in totals, -on[p], self.values[p] == 0,
                                           self.values[p]))
        return next(iter(ranked), None)

    def withhold(self, exposed: Hashable) -> bool:
        """Withhold the exposed position's lines (or, if that is done, the whole table)."""
        near = [m for members, total in self.lines if exposed in (*members, total)
                for m in members]
        for scope in (near, list(self.values)):
            fresh = [p for p in scope if p not in self.fixed
                     and self.hidden.get(p) != Hidden.WITHHELD]
            if fresh:
                self.hidden.update(dict.fromkeys(fresh, Hidden.WITHHELD))
                return True
        return False


def suppress(values: Mapping[Hashable, int], lines: Sequence[Line], *, threshold: int,
             fixed: frozenset[Hashable] = frozenset()) -> dict[Hashable, str]:
    """Publishable text for every position: the count, "<threshold", "*" or "–".

    `fixed` positions (a grand total also published elsewhere) are never hidden as "*", so
    every table of one report shows the same total."""
    hidden = {p: Hidden.SMALL for p, v in values.items() if is_small(v, threshold)}
    table = _Table(values, lines, threshold, fixed, hidden)
    while (exposed := table.exposed()) is not None:
        pick = table.next_to_hide(exposed)
        if pick is not None:
            hidden[pick] = Hidden.SECONDARY
        elif not table.withhold(exposed):
            break  # everything that may be hidden is: nothing more to do
    return {p: _published(p, v, hidden, threshold) for p, v in values.items()}


def suppress_grid(counts: Sequence[Sequence[int]], *, threshold: int) -> PublishedGrid:
    table = grid_table(counts)
    out = suppress(table.values, table.lines, threshold=threshold, fixed=table.fixed)
    return published_grid(counts, out)
