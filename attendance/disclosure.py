"""Small-cell suppression for published counts: plain functions, no database.

Primary: a count from 1 to threshold-1 is published as "<threshold" (e.g. "<5").
Secondary: a further cell is hidden ("*") wherever a hidden cell could otherwise be worked
out from a published total. A table is a set of positions (cells and totals) and *lines*,
each saying "these members add up to that total" (a row, a column, the grand total).

What a reader knows about a hidden position, and what the check below assumes:
  "<5" → the value is in 1..4;
  "*"  → the value is 0 or at least 5 (anything in 1..4 would have been shown as "<5");
  "–"  → withheld: nothing. Used for a whole line that no amount of hiding protects, e.g.
         four categories of one person each under a total of "<5" (each must be 1).
A hidden position is safe when at least two values fit every line it is on.
Cross-line inference (solving rows and columns together) is not checked.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

INF = float("inf")
SECONDARY = "*"
WITHHELD = "–"

Interval = tuple[float, float]
Line = tuple[Sequence[Hashable], Hashable]  # (members, total)


def small_marker(threshold: int) -> str:
    return f"<{threshold}"


def is_small(value: int, threshold: int) -> bool:
    return 0 < value < threshold


def _merge(intervals: list[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for lo, hi in sorted(intervals):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _add(a: list[Interval], b: list[Interval]) -> list[Interval]:
    return _merge([(x0 + y0, x1 + y1) for x0, x1 in a for y0, y1 in b])


def _minus(a: list[Interval], b: list[Interval]) -> list[Interval]:
    return _merge([(x0 - y1, x1 - y0) for x0, x1 in a for y0, y1 in b])


def _intersect(a: list[Interval], b: list[Interval]) -> list[Interval]:
    out = [(max(x0, y0), min(x1, y1)) for x0, x1 in a for y0, y1 in b]
    return [(lo, hi) for lo, hi in out if lo <= hi]


def _size_at_least_two(a: list[Interval]) -> bool:
    return sum(hi - lo + 1 for lo, hi in a) >= 2


@dataclass(frozen=True)
class _Knowledge:
    values: Mapping[Hashable, int]
    hidden: Mapping[Hashable, str]  # position → "small" | "secondary"
    threshold: int

    def domain(self, pos: Hashable) -> list[Interval]:
        kind = self.hidden.get(pos)
        if kind == "small":
            return [(1, self.threshold - 1)]
        if kind == "secondary":
            return [(0, 0), (self.threshold, INF)]
        if kind == "withheld":
            return [(0, INF)]
        return [(self.values[pos], self.values[pos])]

    def sum_of(self, positions: Sequence[Hashable]) -> list[Interval]:
        total: list[Interval] = [(0, 0)]
        for pos in positions:
            total = _add(total, self.domain(pos))
        return total


def line_discloses(line: Line, knowledge: _Knowledge) -> bool:
    """Can a reader pin down any hidden position on this line from the others?"""
    members, total = line
    for pos in [*members, total]:
        if pos not in knowledge.hidden:
            continue
        if pos == total:
            feasible = _intersect(knowledge.domain(total), knowledge.sum_of(members))
        else:
            others = knowledge.sum_of([m for m in members if m != pos])
            feasible = _intersect(knowledge.domain(pos),
                                  _minus(knowledge.domain(total), others))
        if not _size_at_least_two(feasible):
            return True
    return False


def _next_to_hide(line: Line, knowledge: _Knowledge,
                  fixed: frozenset[Hashable]) -> Hashable | None:
    """The cheapest visible position to hide: the smallest non-zero member, then a zero,
    then the total itself (unless it is fixed)."""
    members, total = line
    visible = [m for m in members if m not in knowledge.hidden]
    nonzero = sorted((knowledge.values[m], i) for i, m in enumerate(visible)
                     if knowledge.values[m] > 0)
    if nonzero:
        return visible[nonzero[0][1]]
    if visible:
        return visible[0]
    return total if total not in knowledge.hidden and total not in fixed else None


def suppress(values: Mapping[Hashable, int], lines: Sequence[Line], *, threshold: int,
             fixed: frozenset[Hashable] = frozenset()) -> dict[Hashable, str]:
    """Publishable text for every position: the count, "<threshold", "*" or "–".

    `fixed` positions (a grand total also published elsewhere) are never hidden as "*", so
    every table of one report shows the same total."""
    hidden: dict[Hashable, str] = {p: "small" for p, v in values.items()
                                   if is_small(v, threshold)}
    knowledge = _Knowledge(values, hidden, threshold)
    changed = True
    while changed:
        changed = False
        for line in lines:
            while line_discloses(line, knowledge):
                pick = _next_to_hide(line, knowledge, fixed)
                if pick is None:
                    hidden.update(dict.fromkeys(line[0], "withheld"))
                    break
                hidden[pick] = "secondary"
                changed = True
    return {p: _published(p, v, hidden, threshold) for p, v in values.items()}


def _published(pos: Hashable, value: int, hidden: Mapping[Hashable, str], threshold: int) -> str:
    kind = hidden.get(pos)
    if kind == "small":
        return small_marker(threshold)
    if kind == "withheld":
        return WITHHELD
    return SECONDARY if kind == "secondary" else str(value)


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


def suppress_grid(counts: Sequence[Sequence[int]], *, threshold: int) -> PublishedGrid:
    """A two-way table (e.g. locality × programme) with row, column and grand totals."""
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
    out = suppress(values, lines, threshold=threshold, fixed=frozenset(fixed))
    return PublishedGrid(
        cells=[[out[(r, c)] for c in range(n_cols)] for r in range(n_rows)],
        row_totals=[out[("row", r)] for r in range(n_rows)],
        column_totals=[out[("col", c)] for c in range(n_cols)],
        total=out["total"],
    )
