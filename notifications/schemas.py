"""API shapes for safe contact, the outbox and templates."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from notifications.consent import CURRENT_WORDING
from notifications.enums import ConsentMethod
from notifications.models import Message
from notifications.safety import mask_phone


class WindowIO(Schema):
    weekday: int = Field(ge=0, le=6, description="0 = Monday")
    start: dt.time
    end: dt.time


class ContactIn(Schema):
    phone: str = Field("", max_length=32, description="UK mobile; blank to remove")
    safe_to_text: bool = False
    safe_to_call: bool = False
    safe_to_leave_message: bool = False
    windows: list[WindowIO] = Field(
        default_factory=list, max_length=28,
        description="Weekly safe times (Europe/London); empty means no time restriction")


class ConsentIn(Schema):
    method: ConsentMethod = Field(description="How consent was given")
    wording_version: str = Field(CURRENT_WORDING, max_length=20,
                                 description="The consent wording read or shown")


class ReasonIn(Schema):
    reason: str = Field("", max_length=200)


class ContactEventOut(Schema):
    kind: str
    reason: str
    by: str | None
    source: str
    method: str
    wording_version: str
    at: dt.datetime


class ContactOut(Schema):
    participant_id: int
    phone: str
    safe_to_text: bool
    safe_to_call: bool
    safe_to_leave_message: bool
    windows: list[WindowIO]
    has_consent: bool
    consent_given_at: dt.datetime | None
    consent_given_by: str | None
    consent_method: str
    consent_wording_version: str
    consent_renewal_due_at: dt.datetime | None
    consent_withdrawn_at: dt.datetime | None
    suspended: bool
    suspended_reason: str
    opted_out_at: dt.datetime | None
    may_text_now: bool
    refusal: str
    history: list[ContactEventOut]


class MessageOut(Schema):
    """Never the full number: coordinators see a masked one to tell numbers apart."""

    id: int
    participant_reference: str = Field(alias="participant.reference")
    kind: str
    session_id: int | None
    status: str
    skip_reason: str
    to_masked: str
    body: str
    attempts: int
    error_code: int | None
    scheduled_for: dt.datetime
    sent_at: dt.datetime | None
    created_at: dt.datetime

    @staticmethod
    def resolve_to_masked(obj: Message) -> str:
        contact = getattr(obj.participant, "safe_contact", None)
        return mask_phone(contact.phone) if contact is not None and contact.phone else ""


class ReviewIn(Schema):
    was_sent: bool


class TemplateIn(Schema):
    body: str = Field(max_length=480)


class TemplateOut(Schema):
    kind: str
    body: str


class PreviewIn(Schema):
    kind: str
    body: str | None = Field(None, max_length=480)


class PreviewOut(Schema):
    text: str
    encoding: str
    characters: int
    segments: int
    problems: list[str]
