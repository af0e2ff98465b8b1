"""Safe contact, outbox and templates. Coordinators and admins only: facilitators never see a
phone number and managers never see personal records."""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from notifications import selectors, services
from notifications.enums import MessageKind, MessageStatus, SkipReason
from notifications.models import Message
from notifications.safety import Window, may_text
from notifications.schemas import (
    ConsentIn,
    ContactEventOut,
    ContactIn,
    ContactOut,
    MessageOut,
    PreviewIn,
    PreviewOut,
    ReasonIn,
    ReviewIn,
    TemplateIn,
    TemplateOut,
    WindowIO,
)
from programmes.models import Participant
from scheduler.models import Session
from scheduler.platform.audit import audited
from scheduler.platform.auth import allow
from scheduler.platform.pagination import BoundedPagination
from scheduler.platform.permissions import PLANNERS
from scheduler.platform.requests import AuthedRequest

router = Router(tags=["notifications"])


def _contact_out(participant: Participant) -> ContactOut:
    contact = selectors.contact_or_none(participant_id=participant.pk)
    if contact is None:
        return ContactOut(participant_id=participant.pk, **NO_CONTACT)
    decision = may_text(selectors.contact_facts(contact), timezone.now())
    given_by = contact.consent_given_by
    return ContactOut(
        participant_id=participant.pk, phone=contact.phone, safe_to_text=contact.safe_to_text,
        safe_to_call=contact.safe_to_call, safe_to_leave_message=contact.safe_to_leave_message,
        windows=[WindowIO(weekday=w.weekday, start=w.start, end=w.end)
                 for w in contact.windows.all()],
        has_consent=contact.has_consent, consent_given_at=contact.consent_given_at,
        consent_given_by=given_by.display_name if given_by else None,
        consent_method=contact.consent_method,
        consent_wording_version=contact.consent_wording_version,
        consent_renewal_due_at=selectors.consent_renewal_due_at(contact),
        consent_withdrawn_at=contact.consent_withdrawn_at,
        suspended=contact.suspended_at is not None, suspended_reason=contact.suspended_reason,
        opted_out_at=contact.opted_out_at, may_text_now=decision.allowed,
        refusal=decision.reason,
        history=[ContactEventOut(kind=e.kind, reason=e.reason, source=e.source, at=e.at,
                                 method=e.method, wording_version=e.wording_version,
                                 by=e.by.display_name if e.by else None)
                 for e in contact.events.all()],
    )


NO_CONTACT: dict[str, Any] = {
    "phone": "", "safe_to_text": False, "safe_to_call": False, "safe_to_leave_message": False,
    "windows": [], "has_consent": False, "consent_given_at": None, "consent_given_by": None,
    "consent_method": "", "consent_wording_version": "", "consent_renewal_due_at": None,
    "consent_withdrawn_at": None, "suspended": False, "suspended_reason": "",
    "opted_out_at": None, "may_text_now": False, "refusal": SkipReason.NO_CONTACT, "history": [],
}


@router.get("/contacts/{int:participant_id}", response=ContactOut, auth=allow(*PLANNERS))
@audited("read", "safe_contact", "participant_id")
def contact_get(request: AuthedRequest, participant_id: int) -> ContactOut:
    return _contact_out(get_object_or_404(Participant, pk=participant_id))


@router.put("/contacts/{int:participant_id}", response=ContactOut, auth=allow(*PLANNERS))
def contact_put(request: AuthedRequest, participant_id: int, payload: ContactIn) -> ContactOut:
    participant = get_object_or_404(Participant, pk=participant_id)
    services.contact_update(
        participant=participant, by=request.user, phone=payload.phone,
        safe_to_text=payload.safe_to_text, safe_to_call=payload.safe_to_call,
        safe_to_leave_message=payload.safe_to_leave_message,
        windows=[Window(w.weekday, w.start, w.end) for w in payload.windows])
    return _contact_out(participant)


@router.post("/contacts/{int:participant_id}/consent", response=ContactOut, auth=allow(*PLANNERS))
def contact_consent(request: AuthedRequest, participant_id: int, payload: ConsentIn) -> ContactOut:
    participant = get_object_or_404(Participant, pk=participant_id)
    services.contact_consent_record(participant=participant, by=request.user,
                                    method=payload.method,
                                    wording_version=payload.wording_version)
    return _contact_out(participant)


@router.post("/contacts/{int:participant_id}/consent/withdraw", response=ContactOut,
             auth=allow(*PLANNERS))
def contact_consent_withdraw(request: AuthedRequest, participant_id: int,
                             payload: ReasonIn) -> ContactOut:
    participant = get_object_or_404(Participant, pk=participant_id)
    services.contact_consent_withdraw(participant=participant, by=request.user,
                                      reason=payload.reason)
    return _contact_out(participant)


@router.post("/contacts/{int:participant_id}/suspend", response=ContactOut, auth=allow(*PLANNERS))
def contact_suspend(request: AuthedRequest, participant_id: int, payload: ReasonIn) -> ContactOut:
    participant = get_object_or_404(Participant, pk=participant_id)
    services.contact_suspend(participant=participant, by=request.user,
                             reason=payload.reason)
    return _contact_out(participant)


@router.post("/contacts/{int:participant_id}/unsuspend", response=ContactOut, auth=allow(*PLANNERS))
def contact_unsuspend(request: AuthedRequest, participant_id: int) -> ContactOut:
    participant = get_object_or_404(Participant, pk=participant_id)
    services.contact_unsuspend(participant=participant, by=request.user)
    return _contact_out(participant)


class OutboxFilter(Schema):
    status: MessageStatus | None = None


@router.get("/outbox", response=list[MessageOut], auth=allow(*PLANNERS))
@paginate(BoundedPagination)
def outbox_list(request: AuthedRequest, filters: Query[OutboxFilter]) -> QuerySet[Message]:
    messages = selectors.messages_for_outbox()
    if filters.status:
        messages = messages.filter(status=filters.status)
    return messages


@router.post("/outbox/{int:message_id}/resolve", response=MessageOut, auth=allow(*PLANNERS))
def outbox_resolve(request: AuthedRequest, message_id: int, payload: ReviewIn) -> Message:
    services.message_review_resolve(message_id=message_id, was_sent=payload.was_sent,
                                    by=request.user)
    return selectors.messages_for_outbox().get(pk=message_id)


@router.get("/templates", response=list[TemplateOut], auth=allow(*PLANNERS))
def template_list(request: AuthedRequest) -> list[TemplateOut]:
    return [TemplateOut(kind=kind, body=selectors.template_body(kind=kind))
            for kind in MessageKind.values]


# Declared before /templates/{kind}: Django tries URL patterns in order.
@router.post("/templates/preview", response=PreviewOut, auth=allow(*PLANNERS))
def template_preview(request: AuthedRequest, payload: PreviewIn) -> PreviewOut:
    preview = services.template_preview(kind=payload.kind, body=payload.body)
    return PreviewOut(**preview.__dict__)


@router.put("/templates/{kind}", response=TemplateOut, auth=allow(*PLANNERS))
def template_put(request: AuthedRequest, kind: str, payload: TemplateIn) -> TemplateOut:
    template = services.template_update(kind=kind, body=payload.body,
                                        by=request.user)
    return TemplateOut(kind=template.kind, body=template.body)


class InviteOut(Schema):
    session_id: int
    participant_id: int
    invited: bool


@router.put("/catch-ups/{int:session_id}/invites/{int:participant_id}", response=InviteOut,
            auth=allow(*PLANNERS))
def catch_up_invite(request: AuthedRequest, session_id: int, participant_id: int) -> InviteOut:
    """Invite someone on the run to this catch-up: only invited people get its reminder."""
    session = get_object_or_404(Session, pk=session_id)
    participant = get_object_or_404(Participant, pk=participant_id)
    services.catch_up_invite(session=session, participant=participant, by=request.user)
    return InviteOut(session_id=session_id, participant_id=participant_id, invited=True)


@router.delete("/catch-ups/{int:session_id}/invites/{int:participant_id}", response=InviteOut,
               auth=allow(*PLANNERS))
def catch_up_uninvite(request: AuthedRequest, session_id: int, participant_id: int) -> InviteOut:
    session = get_object_or_404(Session, pk=session_id)
    participant = get_object_or_404(Participant, pk=participant_id)
    services.catch_up_uninvite(session=session, participant=participant)
    return InviteOut(session_id=session_id, participant_id=participant_id, invited=False)
