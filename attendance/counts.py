"""More sections of the quarterly return (issue 10, Deliver 2), one definition each, printed
with the section. People counts are suppressed (attendance.disclosure) like every table;
counts of sessions are not about people and are shown as they are. Bounded queries: each
section runs a fixed number of aggregate queries however large the registers.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from statistics import median

from django.db.models import Count, Max, Min, Q
from django.db.models.functions import Coalesce

from attendance.disclosure import WITHHELD, suppress_grid
from attendance.models import MarkStatus
from attendance.outcome_measures import (
    by_measure,
    completer_pairs,
    distance_table,
    improvement_table,
    questionnaire_completion_table,
)
from attendance.quarters import LONDON, Quarter
from attendance.return_basis import return_basis
from attendance.scope import ReturnScope
from attendance.statistics import local_days
from attendance.tables import Grid, Section, people_table, plain_table, single
from programmes.enums import EntryStatus, OutputCategory
from programmes.models import PlaceOffer, Referral, WaitingListEntry
from scheduler.calendar.enums import LocationType, SessionStatus
from scheduler.models import Session
from scheduler.platform.raw_sql import id_table

COMPLETION_TARGET = 65  # per cent: seed 000, Lot 4 (perpetrator programme)
COMPLETION_COLUMNS = ["Completed", "Did not complete", "Completion rate"]
NOT_RECORDED = "Not recorded"


def _rate(done: str, not_done: str, n_done: int, n_all: int) -> str:
    """A rate is published only where both of its counts are (else it would reveal them)."""
    if not (done.isdigit() and not_done.isdigit()) or n_all == 0:
        return WITHHELD
    return f"{round(100 * n_done / n_all)}%"


def _rated_grid(title: str, labels: list[str], counts: list[list[int]], t: int) -> Grid:
    grid = suppress_grid(counts, threshold=t)
    cells = [[*row, _rate(row[0], row[1], c[0], sum(c))]
             for row, c in zip(grid.cells, counts, strict=True)]
    totals = [sum(c[0] for c in counts), sum(c[1] for c in counts)]
    columns = grid.column_totals or ["0", "0"]
    return Grid(title, labels, COMPLETION_COLUMNS, cells, grid.row_totals,
                [*columns, _rate(columns[0], columns[1], totals[0], sum(totals))], grid.total)


# --- completion rate per cohort --------------------------------------------------------------

def completion_section(quarter: Quarter, threshold: int, scope: ReturnScope,
                       now: dt.datetime | None = None) -> Section:
    basis = return_basis(quarter, scope)  # the cohorts, and each of their enrolments' facts
    started_by_run: Counter[int] = Counter(
        f.run_id for f in basis.on_cohorts if f.first_attended is not None)
    completed_by_run: Counter[int] = Counter(
        f.run_id for f in basis.on_cohorts
        if f.first_attended is not None and f.completed_at is not None)
    labels, counts = [], []
    by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for cohort in basis.cohorts:
        run, category = cohort.run_id, cohort.category
        labels.append(f"{cohort.programme} · from {cohort.first.astimezone(LONDON):%-d %b %Y}")
        row = [completed_by_run[run], started_by_run[run] - completed_by_run[run]]
        counts.append(row)
        by_category[category][0] += row[0]
        by_category[category][1] += row[1]
    categories = [c for c in OutputCategory if c.value in by_category]
    return Section(
        "Completion",
        "Cohorts: group runs (closed or rolling) whose last session held fell in the quarter. "
        "Starters: people who attended at least one of its sessions; completers: those of "
        "them whose programme's completion rule is met. Completion rate: completers ÷ "
        f"starters (Lot 4's target for the perpetrator programme: {COMPLETION_TARGET}%); "
        "withheld where either count is hidden. Row totals: starters.",
        [], [_rated_grid("Completion rate per cohort", labels, counts, threshold),
             _rated_grid("Completion rate by programme (cohorts finishing in the quarter)",
                         [c.label for c in categories],
                         [by_category[c.value] for c in categories], threshold)])


# --- waiting times and the waiting list -------------------------------------------------------

STAGES = ["Referral to assessment decision", "Assessment decision to offer",
          "Offer to first session", "Referral to first session"]


def percentile(values: Sequence[int], p: int) -> int:
    """The nearest-rank percentile: the smallest value with at least p% of values at or
    below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p * len(ordered) / 100) - 1)]


def _waits(quarter: Quarter, scope: ReturnScope) -> list[list[int]]:
    """Days at each stage for the quarter's starters (two queries after the basis)."""
    basis = return_basis(quarter, scope)
    first = basis.starters()
    enrolments = [(f.enrolment_id, f.participant_id, f.programme_id) for f in basis.people
                  if f.enrolment_id in first]
    referrals: dict[tuple[int, int], list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for participant, programme, on, decided in (
            Referral.objects.filter(participant_id__in=id_table(p for _, p, _ in enrolments))
            .values_list("participant_id", "programme_id", "referred_on",
                         "assessment__decided_on")):
        referrals[(participant, programme)].append((on, decided))
    offers = dict(PlaceOffer.objects.filter(enrolment_id__in=id_table(first))
                  .values("enrolment_id").annotate(made=Min("made_at"))
                  .values_list("enrolment_id", "made"))
    days = local_days([*first.values(), *offers.values()])
    waits: list[list[int]] = [[] for _ in STAGES]
    for pk, participant, programme in enrolments:
        started = days[first[pk]]
        offered = days[offers[pk]] if pk in offers else None
        earlier = [r for r in referrals.get((participant, programme), ()) if r[0] <= started]
        if offered is not None:
            waits[2].append((started - offered).days)
        if not earlier:
            continue
        referred_on, decided = max(earlier)
        waits[3].append((started - referred_on).days)
        if decided is not None:
            waits[0].append((decided - referred_on).days)
            if offered is not None:
                waits[1].append((offered - decided).days)
    return waits


def _stats(days: list[int], t: int) -> list[str]:
    """No median or percentile of fewer people than the threshold."""
    if len(days) < t:
        return [WITHHELD, WITHHELD]
    return [f"{median(days):g}", str(percentile(days, 90))]


def waiting_at(end: dt.datetime, scope: ReturnScope) -> list[tuple[str, str]]:
    """(programme, locality) of each entry on a waiting list at `end`: added before it, and
    then not yet placed or removed (an entry that left before departures were recorded,
    with no time, counts as gone)."""
    active = [EntryStatus.WAITING, EntryStatus.OFFERED]
    return list(WaitingListEntry.objects.filter(created_at__lt=end)
                .filter(scope.participants("participant__"))
                .filter(Q(left_at__gte=end) | Q(left_at__isnull=True, status__in=active))
                .values_list("programme__name", "participant__demographics__locality__name"))


def waiting_section(quarter: Quarter, threshold: int, scope: ReturnScope) -> Section:
    waits = _waits(quarter, scope)
    _, end = quarter.bounds()
    waiting = waiting_at(end, scope)
    by_programme = Counter(p for p, _ in waiting)
    by_locality = Counter(loc or NOT_RECORDED for _, loc in waiting)
    programmes, localities = sorted(by_programme), sorted(by_locality)
    return Section(
        "Waiting times and waiting lists",
        "Waiting times, in days, for the quarter's starters (first attended group session "
        "in the quarter), from the latest referral to that programme on or before the first "
        "session; assessment: the pre-group assessment's decision; offer: the first place "
        "offered on that enrolment. Median and 90th percentile (nearest rank), withheld for "
        "fewer people than the threshold; row total: people measured. Waiting at quarter "
        "end: waiting-list entries added before the quarter ended and not yet placed or "
        "removed by then.",
        [people_table("People waiting at quarter end, by programme", programmes,
                      [by_programme[p] for p in programmes], threshold),
         people_table("People waiting at quarter end, by locality", localities,
                      [by_locality[loc] for loc in localities], threshold)],
        [Grid("Waiting times (days)", STAGES, ["Median", "90th percentile"],
              [_stats(w, threshold) for w in waits], [single(len(w), threshold) for w in waits],
              # A median of medians is no figure: the totals row is not published.
              [WITHHELD, WITHHELD], WITHHELD)])


# --- training and awareness ------------------------------------------------------------------

def training_section(quarter: Quarter, threshold: int, scope: ReturnScope) -> Section:
    start, end = quarter.bounds()
    attended = Q(marks__status__in=list(MarkStatus.attended()))
    rows = (Session.objects.filter(run__programme__output_category=OutputCategory.TRAINING,
                                   starts_at__gte=start, starts_at__lt=end)
            .filter(scope.runs("run__")).exclude(status=SessionStatus.CANCELLED)
            .annotate(named=Count("marks", filter=attended),
                      anonymous=Coalesce(Max("headcount__count"), 0))
            .values_list("room__venue__location_type", "run__venue__location_type",
                         "run__venue__locality__name", "named", "anonymous"))
    sessions: Counter[str] = Counter()
    attendees: Counter[str] = Counter()
    by_locality: Counter[str] = Counter()
    for room_kind, run_kind, locality, named, anonymous in rows:
        kind = LocationType(room_kind or run_kind).label
        sessions[kind] += 1
        attendees[kind] += named + anonymous
        by_locality[locality] += 1
    kinds = [k.label for k in LocationType]
    places = sorted(by_locality)
    return Section(
        "Training and awareness",
        "Training & awareness sessions held in the quarter (not cancelled), by the type of "
        "location of the room's venue (else the run's). Attendees: people marked present or "
        "late plus the unnamed headcount.",
        [plain_table("Training & awareness sessions, by type of location", kinds,
                     [sessions[k] for k in kinds]),
         people_table("Training & awareness attendees, by type of location", kinds,
                      [attendees[k] for k in kinds], threshold),
         plain_table("Training & awareness sessions, by the venue's locality", places,
                     [by_locality[p] for p in places])])


# --- outcomes --------------------------------------------------------------------------------

def outcomes_section(quarter: Quarter, threshold: int, scope: ReturnScope) -> Section:
    # The completers' answer pairs are read once for both kinds of table.
    measures = by_measure(completer_pairs(quarter, None, scope)).items()
    grids = [*(improvement_table(m, by_programme, threshold) for m, by_programme in measures),
             *(distance_table(m, by_programme, threshold) for m, by_programme in measures),
             questionnaire_completion_table(quarter=quarter, threshold=threshold, scope=scope)]
    return Section(
        "Outcomes",
        "Improvement: the quarter's completers who answered a question at intake and exit, "
        "improved or not, by programme; distance travelled: their mean intake, exit and "
        "change (positive is better), no mean of fewer people than the threshold; "
        "questionnaires: those that fell due in the quarter, taken, declined or not taken.",
        [], grids)
