"""Outcome figures for the return and the manager's page: aggregates only, suppressed.

Three kinds of table, each a `attendance.reports.Grid` (the shape every table of the return
has), people counts through `attendance.disclosure`:
  * `improvement_tables` — per measure (question): completers in the quarter whose exit
    answer improved on their intake answer, by programme type, with the share improved;
  * `distance_travelled_tables` — per measure: mean intake, exit and change (positive is
    better) by programme type; the row total is the number of people, and no mean is
    published for fewer people than the small-cell threshold;
  * `questionnaire_completion_table` — questionnaires that fell due in the quarter: taken,
    declined, not taken, by programme type and point.
A completer counts for a measure only when she answered it at both intake and exit.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from attendance.disclosure import WITHHELD, suppress_breakdown, suppress_grid
from attendance.quarters import Quarter
from attendance.reports import Grid
from attendance.return_basis import return_basis
from attendance.scope import WHOLE, ReturnScope
from programmes.enums import MeasurePoint, ResponseStatus
from programmes.measure_selectors import questionnaires_for
from programmes.measures import ON_PROGRAMME, change, improved
from programmes.models import Answer, Enrolment
from scheduler.platform.raw_sql import id_table

IMPROVEMENT_COLUMNS = ["Improved", "No better", "Share improved"]
DISTANCE_COLUMNS = ["Mean at intake", "Mean at exit", "Mean change"]
COMPLETION_COLUMNS = ["Taken", "Declined", "Not taken"]


@dataclass(frozen=True)
class Pair:
    """One completer's intake and exit answer to one question (no id, no name)."""

    measure: str
    programme: str
    intake: int
    exit: int
    higher_is_better: bool


def completer_pairs(quarter: Quarter, now: dt.datetime | None = None,
                    scope: ReturnScope = WHOLE) -> list[Pair]:
    """Intake/exit answer pairs of the quarter's completers, in one query after completers."""
    basis = return_basis(quarter, scope)
    ids = basis.completers()
    rows = (Answer.objects.filter(response__enrolment_id__in=id_table(ids),
                                  response__status=ResponseStatus.TAKEN,
                                  response__point__in=[MeasurePoint.INTAKE, MeasurePoint.EXIT])
            .values_list("response__enrolment_id", "response__point", "question_id",
                         "question__text", "question__questionnaire__name",
                         "question__higher_is_better", "response__enrolment__run__programme__name",
                         "value"))
    values: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    about: dict[tuple[int, int], tuple[str, str, bool]] = {}
    for enrolment, point, question, text, questionnaire, better, programme, value in rows:
        values[(enrolment, question)][point] = value
        about[(enrolment, question)] = (f"{text} ({questionnaire})", programme, better)
    return [Pair(*about[key][:2], v[MeasurePoint.INTAKE], v[MeasurePoint.EXIT], about[key][2])
            for key, v in values.items() if MeasurePoint.INTAKE in v and MeasurePoint.EXIT in v]


def by_measure(pairs: Sequence[Pair]) -> dict[str, dict[str, list[Pair]]]:
    out: dict[str, dict[str, list[Pair]]] = defaultdict(lambda: defaultdict(list))
    for p in pairs:
        out[p.measure][p.programme].append(p)
    return {m: dict(sorted(by_programme.items())) for m, by_programme in sorted(out.items())}


def _share(part: str, rest: str, n_part: int, n_all: int) -> str:
    """A share is published only when both of its counts are (else it would reveal them)."""
    if not (part.isdigit() and rest.isdigit()) or n_all == 0:
        return WITHHELD
    return f"{round(100 * n_part / n_all)}%"


def _improved(pairs: Sequence[Pair]) -> int:
    return sum(improved(intake=p.intake, exit=p.exit, higher_is_better=p.higher_is_better)
               for p in pairs)


def improvement_table(measure: str, by_programme: dict[str, list[Pair]], t: int) -> Grid:
    counts = [[_improved(pairs), len(pairs) - _improved(pairs)]
              for pairs in by_programme.values()]
    grid = suppress_grid(counts, threshold=t)
    cells = [[*row, _share(row[0], row[1], c[0], sum(c))]
             for row, c in zip(grid.cells, counts, strict=True)]
    totals = [sum(c[0] for c in counts), sum(c[1] for c in counts)]
    good, rest = grid.column_totals
    column_totals = [good, rest, _share(good, rest, totals[0], sum(totals))]
    return Grid(f"{measure}: completers whose exit answer improved on intake",
                list(by_programme), IMPROVEMENT_COLUMNS, cells, grid.row_totals,
                column_totals, grid.total)


def improvement_tables(*, quarter: Quarter, threshold: int | None = None,
                       now: dt.datetime | None = None, scope: ReturnScope = WHOLE) -> list[Grid]:
    t = threshold or settings.SMALL_CELL_THRESHOLD
    return [improvement_table(m, by_programme, t)
            for m, by_programme in by_measure(completer_pairs(quarter, now, scope)).items()]


def _means(pairs: Sequence[Pair], t: int) -> list[str]:
    """Means of fewer than `t` people are withheld. A mean of at least `t` reveals nothing
    about a hidden count, so it is published even where its count is secondarily hidden."""
    if len(pairs) < t:
        return [WITHHELD] * len(DISTANCE_COLUMNS)
    n = len(pairs)
    moved = sum(change(intake=p.intake, exit=p.exit, higher_is_better=p.higher_is_better)
                for p in pairs)
    return [f"{sum(p.intake for p in pairs) / n:.1f}", f"{sum(p.exit for p in pairs) / n:.1f}",
            f"{moved / n:+.1f}"]


def distance_table(measure: str, by_programme: dict[str, list[Pair]], t: int) -> Grid:
    groups = list(by_programme.values())
    people, total = suppress_breakdown([len(g) for g in groups], threshold=t)
    everyone = [p for g in groups for p in g]
    return Grid(f"{measure}: distance travelled from intake to exit (row total: people)",
                list(by_programme), DISTANCE_COLUMNS,
                [_means(g, t) for g in groups], people, _means(everyone, t), total)


def distance_travelled_tables(*, quarter: Quarter, threshold: int | None = None,
                              now: dt.datetime | None = None,
                              scope: ReturnScope = WHOLE) -> list[Grid]:
    t = threshold or settings.SMALL_CELL_THRESHOLD
    return [distance_table(m, by_programme, t)
            for m, by_programme in by_measure(completer_pairs(quarter, now, scope)).items()]


def _completion_counts(quarter: Quarter, now: dt.datetime,
                       scope: ReturnScope = WHOLE) -> dict[str, list[int]]:
    start, end = quarter.bounds()
    at = min(now, end)
    enrolments = (Enrolment.objects.filter(status__in=ON_PROGRAMME,
                                           run__programme__questionnaire_attachments__isnull=False)
                  .filter(scope.people())
                  .select_related("run__programme").distinct())
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for item in questionnaires_for(enrolments, now=at):
        if not (item.is_due and item.opens_at is not None and start <= item.opens_at < end):
            continue
        row = (f"{item.enrolment.run.programme.name} · {item.attachment.questionnaire.name} "
               f"({item.attachment.get_point_display().lower()})")
        counts[row][_column(item.response.status if item.response else "")] += 1
    return dict(sorted(counts.items()))


COLUMN_OF_STATUS: dict[str, int] = {ResponseStatus.TAKEN.value: 0,
                                    ResponseStatus.DECLINED.value: 1}


def _column(status: str) -> int:
    """Taken, declined, or (no response or left half-way) not taken."""
    return COLUMN_OF_STATUS.get(status, 2)


def questionnaire_completion_table(*, quarter: Quarter, threshold: int | None = None,
                                   now: dt.datetime | None = None,
                                   scope: ReturnScope = WHOLE) -> Grid:
    t = threshold or settings.SMALL_CELL_THRESHOLD
    counts = _completion_counts(quarter, now or timezone.now(), scope)
    grid = suppress_grid(list(counts.values()), threshold=t)
    return Grid("Outcome questionnaires due in the quarter (row total: due)", list(counts),
                COMPLETION_COLUMNS, grid.cells, grid.row_totals,
                grid.column_totals or ["0"] * len(COMPLETION_COLUMNS), grid.total)
