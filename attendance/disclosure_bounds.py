"""Certain exposures, found without a solver: a hidden position pinned by one line alone.

A line says members add up to the total. Taking every other position on it anywhere in its
own range (a shown number exactly, "<5" 1..4, "*" and "–" 0..cap), the line alone confines
the position to an interval; the position's own kind narrows it further ("*" cannot be
1..4). The reader who solves every line together (attendance.disclosure_attack) can only
narrow it more, so if even this interval is not protected, the position is exposed for
certain: no solve is needed to know that something more must be hidden on that line.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

from attendance.disclosure_attack import Hidden, Interval, Line, domain, is_protected


def pinned_on_line(line: Line, values: Mapping[Hashable, int],
                   hidden: Mapping[Hashable, Hidden], threshold: int,
                   bound: int) -> Hashable | None:
    """The first hidden position on the line that the line alone gives away, if any."""
    members, total = line
    ranges = {m: domain(hidden.get(m), values[m], threshold, bound) for m in members}
    least = sum(lo for lo, _ in ranges.values())
    most = sum(hi for _, hi in ranges.values())
    t_lo, t_hi = domain(hidden.get(total), values[total], threshold, bound)
    for p in (*members, total):
        kind = hidden.get(p)
        if kind is None:
            continue
        if p == total:
            span = (least, most)
        else:
            lo, hi = ranges[p]
            span = (t_lo - (most - hi), t_hi - (least - lo))
        if not is_protected(kind, _within(kind, span, values[p], threshold, bound), threshold):
            return p
    return None


def _within(kind: Hidden, span: Interval, value: int, threshold: int, bound: int) -> Interval:
    """The least and greatest value of the position's own kind inside `span`."""
    d_lo, d_hi = domain(kind, value, threshold, bound)
    lo, hi = max(span[0], d_lo), min(span[1], d_hi)
    if kind == Hidden.SECONDARY:  # 0 or at least threshold
        if lo > 0:
            lo = max(lo, threshold)
        if hi < threshold:
            hi = min(hi, 0)
    return lo, hi
