"""Small-cell suppression, checked against a brute-force reader who knows the rules."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from attendance.disclosure import SECONDARY, WITHHELD, suppress_breakdown, suppress_grid


def reader_domain(published: str, threshold: int, bound: int) -> range | list[int]:
    """Every value a reader would think possible for a published cell."""
    if published == f"<{threshold}":
        return range(1, threshold)
    if published == SECONDARY:
        return [0, *range(threshold, bound + 1)]
    if published == WITHHELD:
        return range(0, bound + 1)
    return [int(published)]


def possible_values(members: list[str], total: str, threshold: int, bound: int) -> list[set[int]]:
    """For each position of a line (members, then total): the values consistent with it."""
    domains = [reader_domain(p, threshold, bound) for p in members]
    total_domain = set(reader_domain(total, threshold, bound))
    seen: list[set[int]] = [set() for _ in range(len(members) + 1)]
    for combo in itertools.product(*domains):
        if sum(combo) in total_domain:
            for i, value in enumerate(combo):
                seen[i].add(value)
            seen[-1].add(sum(combo))
    return seen


def assert_line_safe(members: list[str], total: str, true_values: list[int], threshold: int):
    bound = 2 * sum(true_values) + 2 * threshold + 2
    published = [*members, total]
    for i, values in enumerate(possible_values(members, total, threshold, bound)):
        if not published[i].isdigit():
            assert len(values) >= 2, (published, true_values, i)


def assert_honest(published: str, value: int, threshold: int):
    if 0 < value < threshold:
        assert published in (f"<{threshold}", WITHHELD)
    else:
        assert published in (str(value), SECONDARY, WITHHELD)


thresholds = st.integers(min_value=3, max_value=5)


@settings(max_examples=150, deadline=None)
@given(counts=st.lists(st.integers(min_value=0, max_value=8), min_size=1, max_size=3),
       threshold=thresholds)
def test_suppress_breakdown_never_lets_a_hidden_cell_be_worked_out(counts, threshold):
    cells, total = suppress_breakdown(counts, threshold=threshold)

    for published, value in zip([*cells, total], [*counts, sum(counts)], strict=True):
        assert_honest(published, value, threshold)
    assert_line_safe(cells, total, [*counts, sum(counts)], threshold)
    assert total in (str(sum(counts)), f"<{threshold}")


@settings(max_examples=200, deadline=None)
@given(grid=st.integers(min_value=1, max_value=3).flatmap(
           lambda cols: st.lists(st.lists(st.integers(min_value=0, max_value=7),
                                          min_size=cols, max_size=cols),
                                 min_size=1, max_size=3)),
       threshold=thresholds)
def test_suppress_grid_never_lets_a_hidden_cell_be_worked_out_from_its_row_or_column(
        grid, threshold):
    out = suppress_grid(grid, threshold=threshold)

    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            assert_honest(out.cells[r][c], value, threshold)
        assert_line_safe(out.cells[r], out.row_totals[r], [*row, sum(row)], threshold)
    for c in range(len(grid[0])):
        column = [row[c] for row in grid]
        assert_line_safe([out.cells[r][c] for r in range(len(grid))], out.column_totals[c],
                         [*column, sum(column)], threshold)
    if len(grid) > 1:  # one row: its total is the grand total
        assert_line_safe(out.row_totals, out.total, [*map(sum, grid), sum(map(sum, grid))],
                         threshold)
    if len(grid[0]) > 1:
        columns = [sum(row[c] for row in grid) for c in range(len(grid[0]))]
        assert_line_safe(out.column_totals, out.total, [*columns, sum(columns)], threshold)
    assert out.total in (str(sum(map(sum, grid))), f"<{threshold}")


def test_suppress_breakdown_shows_large_counts_and_hides_one_to_four():
    assert suppress_breakdown([12, 3, 20], threshold=5) == (["*", "<5", "20"], "35")


def test_suppress_breakdown_leaves_a_table_without_small_cells_alone():
    assert suppress_breakdown([12, 0, 20], threshold=5) == (["12", "0", "20"], "32")


def test_suppress_breakdown_hides_a_small_total():
    assert suppress_breakdown([0, 3], threshold=5) == (["0", "<5"], "<5")


def test_suppress_breakdown_withholds_a_breakdown_that_would_reveal_every_cell():
    assert suppress_breakdown([1, 1, 1, 1], threshold=5) == (["–"] * 4, "<5")


def test_suppress_breakdown_withholds_rather_than_hide_the_headline_total():
    assert suppress_breakdown([5, 1], threshold=5) == (["–", "–"], "6")
