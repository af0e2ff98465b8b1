"""Which outcome questionnaires are due, for one enrolment or a member of staff's list.

Reads in a fixed number of queries however many enrolments: enrolments, attachments,
sessions, completion events, responses. Facilitators see their own runs only."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet

from programmes.enums import EnrolmentStatus, MeasurePoint
from programmes.measures import ON_PROGRAMME, EnrolmentFacts, is_due, opens_at
from programmes.models import (
    Enrolment,
    EnrolmentEvent,
    QuestionnaireAttachment,
    QuestionnaireResponse,
)
from scheduler.calendar.enums import SessionKind, SessionStatus
from scheduler.models import Session, User
from scheduler.platform.permissions import sees_all_sessions

POINT_ORDER = {p: i for i, p in enumerate(MeasurePoint.values)}


@dataclass(frozen=True)
class DueQuestionnaire:
    enrolment: Enrolment
    attachment: QuestionnaireAttachment
    opens_at: dt.datetime | None
    is_due: bool
    response: QuestionnaireResponse | None

    @property
    def outstanding(self) -> bool:
        return self.is_due and (self.response is None or self.response.status == "in_progress")


def enrolments_visible_to(*, user: User) -> QuerySet[Enrolment]:
    qs = Enrolment.objects.select_related("participant", "run__programme")
    return qs if sees_all_sessions(user) else qs.filter(run__facilitators=user)


def facts_for(enrolments: Sequence[Enrolment]) -> dict[int, EnrolmentFacts]:
    """Enrolment id → the plain facts the due rule needs (two queries)."""
    sessions = defaultdict(list)
    for run_id, starts_at in (Session.objects.filter(run_id__in={e.run_id for e in enrolments})
                              .exclude(status=SessionStatus.CANCELLED)
                              .exclude(kind=SessionKind.CATCH_UP)
                              .values_list("run_id", "starts_at")):
        sessions[run_id].append(starts_at)
    completed = dict(EnrolmentEvent.objects.filter(
        enrolment__in=[e.pk for e in enrolments], to_status=EnrolmentStatus.COMPLETED)
        .values_list("enrolment_id", "at"))
    return {e.pk: EnrolmentFacts(
        status=e.status, joined_at=e.joined_at, left_at=e.left_at,
        session_starts=[t for t in sessions[e.run_id] if t >= e.joined_at],
        completed_at=completed.get(e.pk) if e.status == EnrolmentStatus.COMPLETED else None)
        for e in enrolments}


def questionnaires_for(enrolments: Iterable[Enrolment], *,
                       now: dt.datetime) -> list[DueQuestionnaire]:
    """Every questionnaire each enrolment's programme asks, with its due state and response."""
    enrolments = list(enrolments)
    attachments = defaultdict(list)
    for a in (QuestionnaireAttachment.objects.select_related("questionnaire")
              .filter(programme_id__in={e.run.programme_id for e in enrolments},
                      questionnaire__is_active=True)):
        attachments[a.programme_id].append(a)
    responses = {(r.enrolment_id, r.questionnaire_id, r.point): r for r in
                 QuestionnaireResponse.objects.filter(enrolment__in=[e.pk for e in enrolments])
                 .prefetch_related("answers")}
    facts = facts_for(enrolments)
    return [DueQuestionnaire(
        enrolment=e, attachment=a, opens_at=opens_at(a.point, facts[e.pk]),
        is_due=is_due(a.point, facts[e.pk], now=now),
        response=responses.get((e.pk, a.questionnaire_id, a.point)))
        for e in enrolments
        for a in sorted(attachments[e.run.programme_id], key=lambda a: POINT_ORDER[a.point])]


def questionnaires_outstanding(*, user: User, now: dt.datetime) -> list[DueQuestionnaire]:
    """The coordinator's (or a facilitator's own groups') list: due and not yet taken."""
    enrolments = (enrolments_visible_to(user=user).filter(status__in=ON_PROGRAMME)
                  .filter(run__programme__questionnaire_attachments__isnull=False)
                  .distinct().order_by("run__name", "participant__known_as", "pk"))
    items = [item for item in questionnaires_for(enrolments, now=now) if item.outstanding]
    return sorted(items, key=lambda i: (i.opens_at or now, i.enrolment.pk))
