"""Small-number suppression on a cohort-like table: CPU time, and cells hidden.

A table like the return's "completion rate per cohort": ROWS cohorts × (completed, did not
complete), with row, column and grand totals; cohort sizes and completion like real groups
(8-25 people, about 65% completing; `--tiny` adds a share of 1-6 person cohorts). Times
`suppress_grid` (CPU) and prints how many positions it hid; `--reference` times the previous
algorithm (one HiGHS model per pick, kept in tests/attendance/disclosure_reference.py).

    .venv/bin/python bench/disclosure.py --rows 2000
    .venv/bin/python bench/disclosure.py --rows 2000 --reference
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from attendance import disclosure  # noqa: E402
from tests.attendance import disclosure_reference  # noqa: E402


def cohort_table(rows: int, seed: int, tiny: float = 0.0) -> list[list[int]]:
    rng = random.Random(seed)
    table = []
    for _ in range(rows):
        size = rng.randint(1, 6) if rng.random() < tiny else rng.randint(8, 25)
        done = sum(rng.random() < 0.65 for _ in range(size))
        table.append([done, size - done])
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threshold", type=int, default=5)
    parser.add_argument("--tiny", type=float, default=0.0,
                        help="share of cohorts of 1-6 people (their lines are mostly withheld)")
    parser.add_argument("--reference", action="store_true",
                        help="the previous algorithm (slow: minutes at 2,000 rows)")
    args = parser.parse_args()
    table = cohort_table(args.rows, args.seed, args.tiny)
    module = disclosure_reference if args.reference else disclosure
    small = sum(0 < v < args.threshold for row in table for v in row)
    start = time.process_time()
    out = module.suppress_grid(table, threshold=args.threshold)
    cpu = time.process_time() - start
    texts = [*[c for row in out.cells for c in row], *out.row_totals, *out.column_totals,
             out.total]
    hidden = sum(not t.isdigit() for t in texts)
    print(f"{'reference' if args.reference else 'fast'}: {args.rows:,} rows × 2, "
          f"{small} small cells, {hidden} positions hidden "
          f"({sum(t == disclosure.SECONDARY for t in texts)} '*', "
          f"{sum(t == disclosure.WITHHELD for t in texts)} '–'); CPU {cpu:.2f} s")


if __name__ == "__main__":
    main()
