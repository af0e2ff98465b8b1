"""The return's sections for service-user voice, method of access and next steps (seed 000:
"complaints received and resolved"; seed 003: "method of access"), registered through
attendance.return_sections. Each count is of people and suppressed (people_table)."""

from __future__ import annotations

from collections import Counter

from attendance.quarters import Quarter
from attendance.scope import ReturnScope
from attendance.tables import Section, people_table
from attendance.voice_figures import (
    complaints_resolved_table,
    method_of_access_table,
    next_steps_table,
    quarter_range,
)
from programmes.enums import CommentKind, FeedbackRating
from programmes.models import Feedback, ServiceComment

NOT_CUT = "Not cut by lot, locality or funder: shown in the whole return only."


def access_and_next_steps_section(quarter: Quarter, threshold: int,
                                  scope: ReturnScope) -> Section:
    if not scope.whole:
        return Section("Method of access and next steps", NOT_CUT, [])
    return Section(
        "Method of access and next steps",
        "Method of access: referrals dated in the quarter, by how they came in. Next steps: "
        "recorded in the quarter for people who completed or left a programme.",
        [method_of_access_table(quarter, threshold), next_steps_table(quarter, threshold)])


def voice_section(quarter: Quarter, threshold: int, scope: ReturnScope) -> Section:
    if not scope.whole:
        return Section("Service-user voice", NOT_CUT, [])
    days = quarter_range(quarter)
    ratings = Counter(Feedback.objects.filter(received_on__range=days)
                      .values_list("rating", flat=True))
    kinds = Counter(ServiceComment.objects.filter(received_on__range=days)
                    .values_list("kind", flat=True))
    values: list[int | None] = [*FeedbackRating.values, None]
    return Section(
        "Service-user voice",
        "Feedback: end-of-programme feedback dated in the quarter, by rating (1 not good at "
        "all … 5 very good). Complaints and compliments: received in the quarter; resolved: "
        "complaints resolved in the quarter. Counts only, never names or what was said.",
        [people_table("End-of-programme feedback, by rating",
                      [*(str(v) for v in FeedbackRating.values), "No rating"],
                      [ratings[v] for v in values], threshold),
         people_table("Complaints and compliments received", [str(k.label) for k in CommentKind],
                      [kinds[k.value] for k in CommentKind], threshold),
         complaints_resolved_table(quarter, threshold)])
