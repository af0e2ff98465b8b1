"""What a register sets in motion, derived from its marks (never typed):

- follow-ups for coordinators: absent without apologies, first-session no-shows, people at
  risk of not completing or no longer able to; each resolved with an outcome;
- partner-support alerts, in the product only (never by SMS), when a perpetrator misses or
  leaves a session or is removed.

`after_register` runs in a django-q2 task queued with the register (within the hour, in
practice seconds). Both are idempotent: a re-run creates nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from attendance.models import (
    FollowUp,
    FollowUpKind,
    FollowUpOutcome,
    Mark,
    MarkStatus,
    PartnerAlert,
    PartnerAlertKind,
)
from attendance.outcomes import outcomes_for_enrolments
from programmes.completion import Outcome
from programmes.enums import EnrolmentStatus
from programmes.models import Enrolment, EnrolmentEvent, PartnerSupportLink
from scheduler.calendar.enums import SessionKind, SessionStatus
from scheduler.models import Session, User
from scheduler.platform.permissions import sees_all_sessions

logger = logging.getLogger(__name__)

PARTNER_KINDS = {MarkStatus.ABSENT: PartnerAlertKind.MISSED,
                 MarkStatus.EXCUSED: PartnerAlertKind.MISSED,
                 MarkStatus.LEFT_EARLY: PartnerAlertKind.LEFT_EARLY}
OUTCOME_KINDS = {Outcome.AT_RISK: FollowUpKind.AT_RISK,
                 Outcome.CANNOT_COMPLETE: FollowUpKind.CANNOT_COMPLETE}


@transaction.atomic
def after_register(*, session_id: int) -> None:
    session = Session.objects.get(pk=session_id)
    marks = dict(Mark.objects.filter(session=session).values_list("enrolment_id", "status"))
    followups_derive(session=session, marks=marks)
    partner_alerts_derive(session=session, marks=marks)


def followups_derive(*, session: Session, marks: dict[int, str]) -> int:
    """An absence without apologies is a first-session no-show at the enrolment's first
    expected session only; a later one is "absent". At risk / cannot complete come from the
    enrolment's derived outcome."""
    evaluations = outcomes_for_enrolments(enrolment_ids=list(marks))
    absent = [e for e, status in marks.items() if status == MarkStatus.ABSENT]
    firsts = first_expected_sessions(run_id=session.run_id, enrolment_ids=absent)
    rows = []
    for enrolment_id, status in marks.items():
        evaluation = evaluations.get(enrolment_id)
        if status == MarkStatus.ABSENT:
            first = firsts.get(enrolment_id) == session.pk
            kind = FollowUpKind.FIRST_NO_SHOW if first else FollowUpKind.ABSENT
            rows.append((enrolment_id, kind))
        if evaluation is not None and evaluation.outcome in OUTCOME_KINDS:
            rows.append((enrolment_id, OUTCOME_KINDS[evaluation.outcome]))
    created = FollowUp.objects.bulk_create(
        [FollowUp(session=session, enrolment_id=e, kind=k) for e, k in rows],
        ignore_conflicts=True)
    return len(created)


def first_expected_sessions(*, run_id: int, enrolment_ids: list[int]) -> dict[int, int]:
    """Each enrolment's first expected session of its run: the earliest one, not cancelled and
    not a catch-up, that starts once she has joined and before she left (2 queries)."""
    if not enrolment_ids:
        return {}
    sessions = list(Session.objects.filter(run_id=run_id)
                    .exclude(status=SessionStatus.CANCELLED)
                    .exclude(kind=SessionKind.CATCH_UP)
                    .order_by("starts_at", "id").values_list("id", "starts_at"))
    firsts: dict[int, int] = {}
    for enrolment_id, joined_at, left_at in Enrolment.objects.filter(
            pk__in=enrolment_ids).values_list("id", "joined_at", "left_at"):
        first = next((pk for pk, starts_at in sessions
                      if starts_at >= joined_at and (left_at is None or starts_at < left_at)),
                     None)
        if first is not None:
            firsts[enrolment_id] = first
    return firsts


def partner_alerts_derive(*, session: Session, marks: dict[int, str]) -> int:
    """Alerts for every active partner-support link of someone who missed or left early."""
    links = PartnerSupportLink.objects.filter(enrolment_id__in=list(marks), ended_at__isnull=True)
    alerts = [PartnerAlert(link=link, session=session,
                           kind=PARTNER_KINDS[MarkStatus(marks[link.enrolment_id])])
              for link in links if marks[link.enrolment_id] in PARTNER_KINDS]
    PartnerAlert.objects.bulk_create(alerts, ignore_conflicts=True)
    logger.info("partner alerts session=%s count=%s", session.pk, len(alerts))
    return len(alerts)


def partner_alerts_for_removals(*, since: dt.datetime) -> int:
    """Alerts for perpetrators removed from a programme since `since` (a periodic sweep)."""
    removed = EnrolmentEvent.objects.filter(to_status=EnrolmentStatus.REMOVED,
                                            at__gte=since).values("enrolment_id")
    links = PartnerSupportLink.objects.filter(enrolment_id__in=removed, ended_at__isnull=True)
    alerts = [PartnerAlert(link=link, kind=PartnerAlertKind.REMOVED) for link in links]
    PartnerAlert.objects.bulk_create(alerts, ignore_conflicts=True)
    return len(alerts)


def partner_alerts_for(*, worker: User) -> QuerySet[PartnerAlert]:
    """A worker's own alerts: the reference, programme, date and what happened only."""
    return (PartnerAlert.objects.filter(link__worker=worker)
            .select_related("link__enrolment__participant", "link__enrolment__run__programme",
                            "session"))


def followups_open(*, user: User) -> QuerySet[FollowUp]:
    """Open follow-ups, oldest first; a facilitator sees those of her own sessions only."""
    qs = (FollowUp.objects.filter(resolved_at__isnull=True)
          .select_related("session__run", "enrolment__participant")
          .order_by("created_at", "id"))
    return qs if sees_all_sessions(user) else qs.filter(session__run__facilitators=user)


@transaction.atomic
def followup_resolve(*, followup: FollowUp, outcome: str, by: User) -> FollowUp:
    if outcome not in FollowUpOutcome.values:
        raise ValidationError({"outcome": "Choose what happened."})
    if not followups_open(user=by).filter(pk=followup.pk).exists():
        raise ValidationError({"followup": "This follow-up is not open, or not yours."})
    followup.outcome, followup.resolved_by, followup.resolved_at = outcome, by, timezone.now()
    followup.save(update_fields=["outcome", "resolved_by", "resolved_at"])
    return followup
