"""Reads for feedback, the complaints and compliments log and next steps, already scoped.

Feedback with its free text reaches staff only: planners see all of it; a facilitator sees
the feedback of the runs she facilitates (anonymous one-to-one feedback has no run, so it
reaches planners only). The log is for planners. Managers get counts (attendance)."""

from __future__ import annotations

from django.db.models import QuerySet

from programmes.models import EnrolmentNextStep, Feedback, ServiceComment
from scheduler.models import User
from scheduler.platform.permissions import sees_all_sessions


def feedback_visible_to(*, user: User) -> QuerySet[Feedback]:
    qs = Feedback.objects.select_related("programme", "run", "named__enrolment__participant")
    return qs if sees_all_sessions(user) else qs.filter(run__facilitators=user).distinct()


def comments_list(*, kind: str = "", status: str = "") -> QuerySet[ServiceComment]:
    qs = (ServiceComment.objects.select_related("programme", "participant")
          .prefetch_related("themes"))
    if kind:
        qs = qs.filter(kind=kind)
    if status == "received":
        qs = qs.filter(acknowledged_on__isnull=True)
    elif status == "acknowledged":
        qs = qs.filter(acknowledged_on__isnull=False, resolved_on__isnull=True)
    elif status == "resolved":
        qs = qs.filter(resolved_on__isnull=False)
    return qs


def next_step_of(enrolment_id: int) -> EnrolmentNextStep | None:
    return (EnrolmentNextStep.objects.select_related("follow_on_referral__programme")
            .filter(enrolment_id=enrolment_id).first())
