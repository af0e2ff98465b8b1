"""A brute-force reader of a published grid: independent of the solver the code uses.

It knows every published number, what each marker means, that cells are whole numbers that
are not negative, and that rows, columns and totals add up. For one hidden position it
searches every completion of the grid for one giving that position a chosen value."""

from __future__ import annotations

from collections.abc import Callable

from attendance.disclosure import SECONDARY, WITHHELD, PublishedGrid

Pos = tuple[str, int, int]  # ("cell", r, c) | ("row", r, 0) | ("col", c, 0) | ("total", 0, 0)


def allowed(published: str, threshold: int, bound: int) -> set[int]:
    if published == f"<{threshold}":
        return set(range(1, threshold))
    if published == SECONDARY:
        return {0, *range(threshold, bound + 1)}
    if published == WITHHELD:
        return set(range(bound + 1))
    return {int(published)}


class Reader:
    def __init__(self, out: PublishedGrid, threshold: int) -> None:
        self.t = threshold
        self.bound = max(allowed(out.total, threshold, 0))  # every count is at most the total
        self.cells = [[allowed(v, threshold, self.bound) for v in row] for row in out.cells]
        self.rows = [allowed(v, threshold, self.bound) for v in out.row_totals]
        self.cols = [allowed(v, threshold, self.bound) for v in out.column_totals]
        self.total = allowed(out.total, threshold, self.bound)
        self.n_rows, self.n_cols = len(out.cells), len(out.cells[0])

    def possible(self, pos: Pos, value: int) -> bool:
        """Is there a grid consistent with everything published where `pos` equals `value`?"""
        def holds(kind: str, i: int, j: int, v: int) -> bool:
            return (kind, i, j) != pos or v == value
        return self._search(0, [[0] * self.n_cols for _ in range(self.n_rows)], holds)

    def _search(self, k: int, grid: list[list[int]],
                holds: Callable[[str, int, int, int], bool]) -> bool:
        if k == self.n_rows * self.n_cols:
            return self._totals_fit(grid, holds)
        r, c = divmod(k, self.n_cols)
        used_row = sum(grid[r][:c])
        used_col = sum(grid[i][c] for i in range(r))
        room = min(max(self.rows[r]) - used_row, max(self.cols[c]) - used_col)
        for v in sorted(x for x in self.cells[r][c] if x <= room and holds("cell", r, c, x)):
            grid[r][c] = v
            if c == self.n_cols - 1 and not self._line_fits(sum(grid[r]), self.rows[r],
                                                           ("row", r, 0), holds):
                continue
            if r == self.n_rows - 1 and not self._line_fits(
                    sum(grid[i][c] for i in range(self.n_rows)), self.cols[c], ("col", c, 0),
                    holds):
                continue
            if self._search(k + 1, grid, holds):
                return True
        grid[r][c] = 0
        return False

    @staticmethod
    def _line_fits(value: int, domain: set[int], pos: Pos,
                   holds: Callable[[str, int, int, int], bool]) -> bool:
        return value in domain and holds(*pos, value)

    def _totals_fit(self, grid: list[list[int]],
                    holds: Callable[[str, int, int, int], bool]) -> bool:
        return self._line_fits(sum(map(sum, grid)), self.total, ("total", 0, 0), holds)


def hidden_positions(out: PublishedGrid) -> list[tuple[Pos, str]]:
    found: list[tuple[Pos, str]] = [(("cell", r, c), v) for r, row in enumerate(out.cells)
                                    for c, v in enumerate(row)]
    found += [(("row", r, 0), v) for r, v in enumerate(out.row_totals)]
    found += [(("col", c, 0), v) for c, v in enumerate(out.column_totals)]
    found.append((("total", 0, 0), out.total))
    return [(pos, v) for pos, v in found if not v.isdigit()]


def true_value(grid: list[list[int]], pos: Pos) -> int:
    kind, i, j = pos
    if kind == "cell":
        return grid[i][j]
    if kind == "row":
        return sum(grid[i])
    if kind == "col":
        return sum(row[i] for row in grid)
    return sum(map(sum, grid))
