"""The attacker's view of a published table: for each hidden position, the smallest and the
largest value consistent with everything published, found by integer programming (HiGHS).

The reader knows every published number, that each line (row, column, total) adds up, that
counts are whole numbers and not negative, and what each marker means:
  "<5" (small)     → the value is in 1..threshold-1;
  "*"  (secondary) → the value is 0 or at least threshold (else it would read "<5");
  "–"  (withheld)  → nothing beyond 0 or more.
"0 or at least threshold" is not an interval, so each secondary cell gets a 0/1 variable b
with  threshold·b ≤ x ≤ bound·b.  Solving every row, column and total together is exactly
what defeats line-by-line reasoning; this module is that attacker.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from enum import StrEnum

import highspy

Line = tuple[Sequence[Hashable], Hashable]  # (members, total)
Interval = tuple[float, float]


class Hidden(StrEnum):
    SMALL = "small"
    SECONDARY = "secondary"
    WITHHELD = "withheld"


# Tiny models: the solver's start-up (threads, presolve, heuristics) costs more than the
# search; off, a model solves in a few milliseconds.
_OPTIONS: dict[str, bool | float | str] = {
    "output_flag": False, "threads": 1, "presolve": "off", "mip_heuristic_effort": 0.0}


def cap(values: Mapping[Hashable, int], threshold: int) -> int:
    """Every value is taken to be at most this (the sum of all positions plus the threshold,
    above every true value): a cap only narrows an interval, so a table protected with it
    is protected without it."""
    return sum(values.values()) + threshold


def domain(kind: Hidden | None, value: int, threshold: int, bound: int) -> tuple[int, int]:
    """The least and greatest value a reader allows a position (its true value if shown).
    A secondary position also excludes 1..threshold-1 (see `in_domain`)."""
    if kind is None:
        return value, value
    if kind == Hidden.SMALL:
        return 1, threshold - 1
    return 0, bound


def in_domain(kind: Hidden | None, value: int, x: int, threshold: int, bound: int) -> bool:
    """Could a position of this kind (true value `value`) be `x` to a reader?"""
    lo, hi = domain(kind, value, threshold, bound)
    if not lo <= x <= hi:
        return False
    return kind != Hidden.SECONDARY or x == 0 or x >= threshold


class AttackModel:
    """One model per table state; solved twice (min, max) per hidden position.

    `relaxed=True` drops whole numbers and the "0 or at least threshold" gap: a linear
    programme whose answers are wider than the reader's. Too narrow there means too narrow
    for the reader too, so it is a cheap first test; only the integer model proves a pass."""

    def __init__(self, values: Mapping[Hashable, int], hidden: Mapping[Hashable, Hidden],
                 lines: Sequence[Line], *, threshold: int, relaxed: bool = False) -> None:
        bound = cap(values, threshold)
        self.relaxed = relaxed
        self.highs = highspy.Highs()
        for option, setting in _OPTIONS.items():
            self.highs.setOptionValue(option, setting)
        self.var = {pos: self._variable(values[pos], hidden.get(pos), threshold, bound)
                    for pos in values}
        for members, total in lines:
            self.highs.addConstr(sum(self.var[m] for m in members) == self.var[total])  # type: ignore[arg-type]  # noqa: E501

    def _variable(self, value: int, kind: Hidden | None, threshold: int,
                  bound: int) -> highspy.highs_var:
        add = self.highs.addVariable if self.relaxed else self.highs.addIntegral
        lo, hi = domain(kind, value, threshold, bound)
        x = add(lb=lo, ub=hi)
        if kind == Hidden.SECONDARY and not self.relaxed:
            b = self.highs.addBinary()
            self.highs.addConstr(x >= threshold * b)
            self.highs.addConstr(x <= bound * b)
        return x

    def extreme(self, pos: Hashable, *, largest: bool) -> float:
        if largest:
            self.highs.maximize(self.var[pos])
        else:
            self.highs.minimize(self.var[pos])
        if self.highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError("disclosure model has no solution")  # the truth is a solution
        value = self.highs.getInfo().objective_function_value
        # Outward rounding keeps a relaxed answer at least as wide as the reader's.
        return math.floor(value + 1e-6) if largest else math.ceil(value - 1e-6)

    def interval(self, pos: Hashable) -> Interval:
        """(least, greatest) value a reader could hold the position to be."""
        return self.extreme(pos, largest=False), self.extreme(pos, largest=True)


def feasible_intervals(values: Mapping[Hashable, int], hidden: Mapping[Hashable, Hidden],
                       lines: Sequence[Line], *, threshold: int) -> dict[Hashable, Interval]:
    """Hidden position → (least, greatest) value a reader could hold it to be."""
    model = AttackModel(values, hidden, lines, threshold=threshold)
    return {pos: model.interval(pos) for pos in hidden}


def is_protected(kind: Hidden, interval: Interval, threshold: int) -> bool:
    """Wide enough: a "<5" cell could still be anything from 1 to 4; any other hidden
    position spans at least as many values as the small range (threshold-1 of them)."""
    lo, hi = interval
    if kind == Hidden.SMALL:
        return lo <= 1 and hi >= threshold - 1
    return hi - lo >= max(threshold - 2, 1)
