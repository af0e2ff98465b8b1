"""Service-user voice, method of access and next steps, by quarter: aggregates only.

Managers see these counts and the themes, never a name, a comment or a summary. Every count
is of people (a feedback, a complaint, a referral, a next step is one person's), so each
table goes through attendance.disclosure like the rest of the return. Definitions:
  * feedback: end-of-programme feedback received (dated) in the quarter, by programme type
    and rating;
  * complaints and compliments: received in the quarter, by where each stood at the
    quarter's end, and by theme (one with two themes counts under both, so the theme
    table's totals are mentions); complaints resolved in the quarter, by outcome;
  * method of access: referrals dated in the quarter, by how they came in;
  * next steps: recorded in the quarter (when she completed or left), by step.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.conf import settings

from attendance.disclosure import suppress_grid
from attendance.quarters import Quarter
from attendance.tables import Breakdown, Grid, people_table
from programmes.enums import (
    COMPLAINT_OUTCOMES,
    CommentKind,
    CommentStatus,
    FeedbackRating,
    MethodOfAccess,
    NextStep,
)
from programmes.models import EnrolmentNextStep, Feedback, Referral, ServiceComment

NO_RATING = "No rating"
NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class VoiceFigures:
    feedback_ratings: Grid
    comments_by_status: Grid
    comments_by_theme: Grid
    complaints_resolved: Breakdown
    method_of_access: Breakdown
    next_steps: Breakdown


def _grid(title: str, rows: list[str], columns: list[str], counts: list[list[int]],
          threshold: int) -> Grid:
    published = suppress_grid(counts, threshold=threshold)
    return Grid(title, rows, columns, published.cells, published.row_totals,
                published.column_totals or ["0"] * len(columns), published.total)


def quarter_range(quarter: Quarter) -> tuple[dt.date, dt.date]:
    return quarter.first_day, quarter.last_day


def _in(quarter: Quarter, field: str) -> dict[str, object]:
    return {f"{field}__range": quarter_range(quarter)}


def feedback_ratings_table(quarter: Quarter, threshold: int) -> Grid:
    found = Counter(Feedback.objects.filter(**_in(quarter, "received_on"))
                    .values_list("programme__name", "rating"))
    programmes = sorted({name for name, _ in found})
    ratings: list[int | None] = [*FeedbackRating.values, None]
    counts = [[found[(p, r)] for r in ratings] for p in programmes]
    return _grid("End-of-programme feedback received, by rating (row total: feedback)",
                 programmes, [*(str(r) for r in FeedbackRating.values), NO_RATING], counts,
                 threshold)


def _status_at(acknowledged: dt.date | None, resolved: dt.date | None,
               quarter: Quarter) -> str:
    last = quarter.last_day
    if resolved is not None and resolved <= last:
        return CommentStatus.RESOLVED
    if acknowledged is not None and acknowledged <= last:
        return CommentStatus.ACKNOWLEDGED
    return CommentStatus.RECEIVED


def comments_status_table(quarter: Quarter, threshold: int) -> Grid:
    rows = ServiceComment.objects.filter(**_in(quarter, "received_on")).values_list(
        "kind", "acknowledged_on", "resolved_on")
    found = Counter((kind, _status_at(ack, res, quarter)) for kind, ack, res in rows)
    counts = [[found[(k, s)] for s in CommentStatus.values] for k in CommentKind.values]
    return _grid("Complaints and compliments received, by where each stood at the quarter's "
                 "end (row total: received)", [str(k.label) for k in CommentKind],
                 [str(s.label) for s in CommentStatus], counts, threshold)


def comments_theme_table(quarter: Quarter, threshold: int) -> Grid:
    found = Counter(ServiceComment.themes.through.objects
                    .filter(**_in(quarter, "servicecomment__received_on"))
                    .values_list("commenttheme__name", "servicecomment__kind"))
    themes = sorted({name for name, _ in found})
    counts = [[found[(t, k)] for k in CommentKind.values] for t in themes]
    return _grid("Complaints and compliments received, by theme (one with two themes counts "
                 "under both)", themes, [str(k.label) for k in CommentKind], counts, threshold)


def complaints_resolved_table(quarter: Quarter, threshold: int) -> Breakdown:
    found = Counter(ServiceComment.objects.filter(kind=CommentKind.COMPLAINT,
                                                  **_in(quarter, "resolved_on"))
                    .values_list("outcome", flat=True))
    return people_table("Complaints resolved in the quarter, by outcome",
                        [str(o.label) for o in COMPLAINT_OUTCOMES],
                        [found[o.value] for o in COMPLAINT_OUTCOMES], threshold)


def method_of_access_table(quarter: Quarter, threshold: int) -> Breakdown:
    found = Counter(Referral.objects.filter(**_in(quarter, "referred_on"))
                    .values_list("method_of_access", flat=True))
    return people_table("Referrals received, by method of access",
                        [*(str(m.label) for m in MethodOfAccess), NOT_RECORDED],
                        [*(found[m.value] for m in MethodOfAccess), found[""]], threshold)


def next_steps_table(quarter: Quarter, threshold: int) -> Breakdown:
    """One way only: crossed with how she finished, the few who leave early would hide the
    whole table."""
    found = Counter(EnrolmentNextStep.objects.filter(**_in(quarter, "recorded_on"))
                    .values_list("step", flat=True))
    return people_table("Next steps recorded", [str(s.label) for s in NextStep],
                        [found[s.value] for s in NextStep], threshold)


def voice_figures(*, quarter: Quarter, threshold: int | None = None) -> VoiceFigures:
    """Every table of this module for one quarter, in seven queries."""
    t = threshold or settings.SMALL_CELL_THRESHOLD
    return VoiceFigures(
        feedback_ratings=feedback_ratings_table(quarter, t),
        comments_by_status=comments_status_table(quarter, t),
        comments_by_theme=comments_theme_table(quarter, t),
        complaints_resolved=complaints_resolved_table(quarter, t),
        method_of_access=method_of_access_table(quarter, t),
        next_steps=next_steps_table(quarter, t))
