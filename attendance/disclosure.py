"""Small-cell suppression for published counts: plain functions, no database.

Primary: a count from 1 to threshold-1 is published as "<threshold" (e.g. "<5").
Secondary: further positions are hidden ("*") until a reader who solves every row, column
and total *together* (attendance.disclosure_attack, an integer programme) still cannot
narrow any hidden position: a "<5" cell could be anything from 1 to 4, and every "*" spans
at least as many values as the small range. A table is a set of positions (cells and
totals) and *lines*, each saying "these members add up to that total".
"–" (withheld) is the last resort, for a line that no amount of hiding protects, e.g. four
categories of one person each under a total of "<5" (each must be 1).
The method and threshold are written up for the data-protection officer in
docs/disclosure.md.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from attendance.disclosure_attack import AttackModel, Hidden, Line, cap, is_protected
from attendance.disclosure_bounds import pinned_on_line
from attendance.disclosure_lines import HiddenCounts
from attendance.disclosure_witness import Witnesses

SECONDARY = "*"
WITHHELD = "–"


def small_marker(threshold: int) -> str:
    return f"<{threshold}"


def is_small(value: int, threshold: int) -> bool:
    return 0 < value < threshold


@dataclass
class _Table:
    values: Mapping[Hashable, int]
    lines: Sequence[Line]
    threshold: int
    fixed: frozenset[Hashable]
    hidden: dict[Hashable, Hidden]
    protected: set[Hashable] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.bound = cap(self.values, self.threshold)
        self.counts = HiddenCounts(self.values, self.lines, self.hidden, self.hideable,
                                   self._safe_pinned)
        self.witnesses = Witnesses(self.values, self.hidden, self.lines, self.threshold)

    def _safe_pinned(self, pos: Hashable) -> bool:
        value = self.values[pos]
        return is_protected(self.hidden[pos], (value, value), self.threshold)

    def hideable(self, pos: Hashable) -> bool:
        return pos not in self.hidden and pos not in self.fixed

    def hide(self, pos: Hashable, kind: Hidden = Hidden.SECONDARY) -> None:
        fresh = pos not in self.hidden
        self.hidden[pos] = kind
        self.counts.hide(pos, fresh=fresh)

    def step(self) -> bool:
        """Hide one more position if anything is exposed; False once nothing is.

        Cheap certainties first, without a solver: a line with one hidden position gives it
        away (hide a partner on it); a line that alone pins a position (hide another on
        that line). Only when neither finds anything are the hidden positions checked in
        full: witnesses (attendance.disclosure_witness) prove what they can, and the solver
        checks the rest."""
        pick = self.counts.single_pick()
        if pick is not None:
            self.hide(pick)
            return True
        exposed = self.counts.single_hidden()  # a single line with nothing left to hide
        if exposed is None:
            exposed, pick = self._pinned()
        if exposed is None:
            exposed = self.exposed()
        if exposed is None:
            return False
        if pick is None:
            pick = self.next_to_hide(exposed)
        if pick is not None:
            self.hide(pick)
            return True
        return self.withhold(exposed)

    def _pinned(self) -> tuple[Hashable | None, Hashable | None]:
        """A position one line alone gives away, and the next to hide on that line."""
        for i in sorted(self.counts.changed):
            exposed = pinned_on_line(self.lines[i], self.values, self.hidden, self.threshold,
                                     self.bound)
            if exposed is not None:
                return exposed, self.counts.cheapest([i])
            self.counts.changed.discard(i)  # looked at: again only when it changes
        return None, None

    def exposed(self) -> Hashable | None:
        """The first hidden position a reader can narrow too far, if any.

        Hiding more only widens what a reader must allow for, so a position once found
        protected stays protected: each is checked until it passes, then never again."""
        todo = [p for p in self.hidden if p not in self.protected]
        self.protected |= self.witnesses.proven(todo)
        relaxed = exact = None
        for pos in [p for p in todo if p not in self.protected]:
            if relaxed is None:
                relaxed = self._model(relaxed=True)
            if not self._passes(pos, relaxed):
                return pos
            if exact is None:
                exact = self._model(relaxed=False)
            if not self._passes(pos, exact):
                return pos
            self.protected.add(pos)
        return None

    def _model(self, *, relaxed: bool) -> AttackModel:
        return AttackModel(self.values, self.hidden, self.lines, threshold=self.threshold,
                           relaxed=relaxed)

    def _passes(self, pos: Hashable, model: AttackModel) -> bool:
        return is_protected(self.hidden[pos], model.interval(pos), self.threshold)

    def next_to_hide(self, exposed: Hashable) -> Hashable | None:
        """The cheapest on the exposed position's lines; then anywhere. (`is None`, never
        `or`: position 0 of a breakdown is a position like any other.)"""
        pick = self.counts.cheapest(self.counts.on.get(exposed, []))
        if pick is None:
            pick = self.counts.cheapest_anywhere()
        return pick

    def withhold(self, exposed: Hashable) -> bool:
        """Withhold the exposed position's lines (or, if that is done, the whole table)."""
        near = [m for members, total in self.lines if exposed in (*members, total)
                for m in members]
        for scope in (near, list(self.values)):
            fresh = [p for p in scope if p not in self.fixed
                     and self.hidden.get(p) != Hidden.WITHHELD]
            if fresh:
                for p in dict.fromkeys(fresh):
                    self.hide(p, Hidden.WITHHELD)
                return True
        return False


def suppress(values: Mapping[Hashable, int], lines: Sequence[Line], *, threshold: int,
             fixed: frozenset[Hashable] = frozenset()) -> dict[Hashable, str]:
    """Publishable text for every position: the count, "<threshold", "*" or "–".

    `fixed` positions (a grand total also published elsewhere) are never hidden as "*", so
    every table of one report shows the same total."""
    hidden = {p: Hidden.SMALL for p, v in values.items() if is_small(v, threshold)}
    table = _Table(values, lines, threshold, fixed, hidden)
    while table.step():
        pass
    return {p: _published(p, v, hidden, threshold) for p, v in values.items()}


def _published(pos: Hashable, value: int, hidden: Mapping[Hashable, Hidden],
               threshold: int) -> str:
    kind = hidden.get(pos)
    if kind == Hidden.SMALL:
        return small_marker(threshold)
    if kind == Hidden.WITHHELD:
        return WITHHELD
    return SECONDARY if kind == Hidden.SECONDARY else str(value)


def suppress_breakdown(counts: Sequence[int], *, threshold: int) -> tuple[list[str], str]:
    """One breakdown and its total (e.g. starters by ethnic group): (cells, total).

    The total is never hidden beyond "<threshold": it is the headline count."""
    values: dict[Hashable, int] = {i: c for i, c in enumerate(counts)}
    values["total"] = sum(counts)
    out = suppress(values, [(list(range(len(counts))), "total")], threshold=threshold,
                   fixed=frozenset({"total"}))
    return [out[i] for i in range(len(counts))], out["total"]


@dataclass(frozen=True)
class PublishedGrid:
    cells: list[list[str]]
    row_totals: list[str]
    column_totals: list[str]
    total: str


@dataclass(frozen=True)
class GridTable:
    """A two-way table as positions and lines: cells (r, c), ("row", r), ("col", c) and
    "total"; `fixed` are never hidden as "*"."""
    values: dict[Hashable, int]
    lines: list[Line]
    fixed: frozenset[Hashable]


def grid_table(counts: Sequence[Sequence[int]]) -> GridTable:
    n_rows, n_cols = len(counts), len(counts[0]) if counts else 0
    values: dict[Hashable, int] = {(r, c): counts[r][c] for r in range(n_rows)
                                   for c in range(n_cols)}
    values.update({("row", r): sum(counts[r]) for r in range(n_rows)})
    values.update({("col", c): sum(counts[r][c] for r in range(n_rows)) for c in range(n_cols)})
    values["total"] = sum(map(sum, counts))
    lines: list[Line] = [([(r, c) for c in range(n_cols)], ("row", r)) for r in range(n_rows)]
    lines += [([(r, c) for r in range(n_rows)], ("col", c)) for c in range(n_cols)]
    fixed: set[Hashable] = {"total"}
    # With a single row (or column) its total *is* the grand total: published as such.
    if n_rows == 1:
        fixed.add(("row", 0))
    else:
        lines.append(([("row", r) for r in range(n_rows)], "total"))
    if n_cols == 1:
        fixed.add(("col", 0))
    else:
        lines.append(([("col", c) for c in range(n_cols)], "total"))
    return GridTable(values, lines, frozenset(fixed))


def published_grid(counts: Sequence[Sequence[int]],
                   out: Mapping[Hashable, str]) -> PublishedGrid:
    """A grid_table's published texts, as rows, columns and totals."""
    n_rows, n_cols = len(counts), len(counts[0]) if counts else 0
    return PublishedGrid(
        cells=[[out[(r, c)] for c in range(n_cols)] for r in range(n_rows)],
        row_totals=[out[("row", r)] for r in range(n_rows)],
        column_totals=[out[("col", c)] for c in range(n_cols)],
        total=out["total"],
    )


def suppress_grid(counts: Sequence[Sequence[int]], *, threshold: int) -> PublishedGrid:
    """A two-way table (e.g. locality × programme) with row, column and grand totals."""
    table = grid_table(counts)
    out = suppress(table.values, table.lines, threshold=threshold, fixed=table.fixed)
    return published_grid(counts, out)
