"""Invitations to catch-up sessions: the people a catch-up's reminder goes to."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from notifications.enums import MessageStatus
from notifications.models import CatchUpInvite, Message
from programmes.enums import EnrolmentStatus
from programmes.models import Enrolment, Participant
from scheduler.calendar.enums import SessionKind
from scheduler.models import Session, User

ACTIVE_ENROLMENT = (EnrolmentStatus.ENROLLED, EnrolmentStatus.STARTED)


@transaction.atomic
def catch_up_invite(*, session: Session, participant: Participant, by: User) -> CatchUpInvite:
    """Invite someone on the run to its catch-up session (idempotent)."""
    if session.kind != SessionKind.CATCH_UP:
        raise ValidationError({"session": "Only catch-up sessions take invitations."})
    if not Enrolment.objects.filter(run_id=session.run_id, participant=participant,
                                    status__in=ACTIVE_ENROLMENT).exists():
        raise ValidationError({"participant": "Only people on this run can be invited."})
    invite, _ = CatchUpInvite.objects.get_or_create(session=session, participant=participant,
                                                    defaults={"invited_by": by})
    return invite


@transaction.atomic
def catch_up_uninvite(*, session: Session, participant: Participant) -> int:
    """Withdraw the invitation; an unsent reminder for it is cancelled with it."""
    removed, _ = CatchUpInvite.objects.filter(session=session, participant=participant).delete()
    Message.objects.filter(participant=participant, session=session,
                           status=MessageStatus.PENDING).update(
        status=MessageStatus.CANCELLED, status_changed_at=timezone.now())
    return removed
