"""Attendance's own sections of the return: referrals, pre-group assessments, out-of-hours
and one-to-one sessions. Each has one definition, printed with it in the report.

Registered through attendance.return_sections in AttendanceConfig.ready(), like the crèche's.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Count, Sum

from attendance.quarters import LONDON, Quarter
from attendance.scope import ReturnScope
from attendance.tables import Section, people_table, plain_table
from programmes.enums import AssessmentOutcome, Delivery, OutputCategory, ReferralSource
from programmes.models import Assessment, Referral
from scheduler.calendar.enums import SessionStatus
from scheduler.models import Session

OFFICE_HOURS = (dt.time(9, 0), dt.time(17, 0))


NOT_BY_FUNDER = ("Not cut by funder: referrals and assessments come before a place is funded.")


def referrals_section(quarter: Quarter, threshold: int, scope: ReturnScope) -> Section:
    if scope.funder_id is not None:
        return Section("Referrals", NOT_BY_FUNDER, [])
    found = Referral.objects.filter(referred_on__range=(quarter.first_day, quarter.last_day))
    found = found.filter(scope.participants("participant__"))
    by_source = Counter(dict(found.values_list("source").annotate(n=Count("id")).order_by()))
    sources = list(ReferralSource)
    repeat = found.filter(is_repeat=True).count()
    return Section("Referrals", "Referrals received: referrals dated in the quarter, by source "
                   "(self-referrals are the first row); repeat: marked as a repeat referral.",
                   [people_table("Referrals received, by source", [s.label for s in sources],
                                 [by_source[s.value] for s in sources], threshold),
                    people_table("Repeat referrals", ["Repeat referral", "First referral"],
                                 [repeat, found.count() - repeat], threshold)])


def assessments_section(quarter: Quarter, threshold: int, scope: ReturnScope) -> Section:
    if scope.funder_id is not None:
        return Section("Pre-group assessments", NOT_BY_FUNDER, [])
    decided = Assessment.objects.filter(decided_on__range=(quarter.first_day, quarter.last_day),
                                        ).filter(scope.participants("referral__participant__"))
    outcomes = Counter(dict(decided.values_list("outcome").annotate(n=Count("id")).order_by()))
    sums = decided.aggregate(held=Sum("sessions_held"), dna=Sum("did_not_attend"))
    held, dna = sums["held"] or 0, sums["dna"] or 0
    suitable, unsuitable = outcomes[AssessmentOutcome.SUITABLE], outcomes[
        AssessmentOutcome.UNSUITABLE]
    return Section(
        "Pre-group assessments",
        "Assessments decided in the quarter; appointments held and not attended are those of "
        "the assessments decided; rates are of appointments offered and of decisions.",
        [people_table("Assessment decisions", ["Suitable", "Unsuitable"],
                      [suitable, unsuitable], threshold),
         plain_table("Assessment appointments", ["Held", "Did not attend"], [held, dna]),
         plain_table("Rates (%)", ["Did not attend", "Unsuitable"],
                     [_rate(dna, held + dna), _rate(unsuitable, suitable + unsuitable)])])


def _rate(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0


def _held(quarter: Quarter,
          scope: ReturnScope) -> list[tuple[str, str, dt.datetime, dt.datetime, str, int]]:
    """Sessions held in the quarter, counted by (category, delivery, start, end, locality):
    many runs' sessions share a time, and each time is judged once."""
    start, end = quarter.bounds()
    return list(Session.objects.filter(starts_at__gte=start, starts_at__lt=end)
                .filter(scope.runs("run__")).exclude(status=SessionStatus.CANCELLED)
                .values_list("run__programme__output_category", "run__programme__delivery",
                             "starts_at", "ends_at", "run__venue__locality__name")
                .annotate(n=Count("id")).order_by())


def is_out_of_hours(starts_at: dt.datetime, ends_at: dt.datetime) -> bool:
    """Outside 9–5 on a weekday, London time: starts before 9, ends after 5, or a weekend."""
    start, end = starts_at.astimezone(LONDON), ends_at.astimezone(LONDON)
    return (start.weekday() >= 5 or start.time() < OFFICE_HOURS[0]
            or end.time() > OFFICE_HOURS[1] or end.date() > start.date())


def sessions_section(quarter: Quarter, threshold: int, scope: ReturnScope) -> Section:
    held = _held(quarter, scope)
    categories = list(OutputCategory)
    late: Counter[str] = Counter()
    late_where: Counter[str] = Counter()
    one_to_one, seconds = 0, 0.0
    for category, delivery, starts, ends, place, n in held:
        if is_out_of_hours(starts, ends):
            late[category] += n
            late_where[place] += n
        if delivery == Delivery.ONE_TO_ONE:
            one_to_one += n
            seconds += n * (ends - starts).total_seconds()
    places = sorted(late_where)
    hours = seconds / 3600
    return Section(
        "Sessions", "Out of hours: non-cancelled sessions held in the quarter starting before "
        "9:00, ending after 17:00 or at a weekend (London time). One-to-one: sessions held.",
        [plain_table("Out-of-hours sessions, by programme", [c.label for c in categories],
                     [late[c.value] for c in categories]),
         plain_table("Out-of-hours sessions, by the venue's locality", places,
                     [late_where[p] for p in places]),
         plain_table("One-to-one sessions", ["Sessions", "Hours"],
                     [one_to_one, round(hours, 1)])])
