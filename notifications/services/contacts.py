"""Writes to safe-contact records. Every change leaves a ContactEvent (never the number)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from notifications.consent import CONSENT_WORDINGS, CURRENT_WORDING
from notifications.enums import ConsentMethod, ContactEventKind, MessageStatus
from notifications.models import ContactEvent, Message, SafeContact, SafeWindow
from notifications.safety import Window, mobile_e164
from programmes.models import Participant
from scheduler.models import User


def _event(contact: SafeContact, kind: str, *, by: User | None = None, reason: str = "",
           source: str = "staff") -> None:
    ContactEvent.objects.create(contact=contact, kind=kind, by=by, reason=reason, source=source)


def _locked(participant: Participant) -> SafeContact:
    contact, created = SafeContact.objects.select_for_update().get_or_create(
        participant=participant)
    if created:
        _event(contact, ContactEventKind.CREATED)
    return contact


@transaction.atomic
def contact_update(*, participant: Participant, by: User, phone: str, safe_to_text: bool,
                   safe_to_call: bool, safe_to_leave_message: bool,
                   windows: Iterable[Window]) -> SafeContact:
    """Set the number and safety answers. A new number withdraws consent: it must be re-asked."""
    e164 = mobile_e164(phone) if phone.strip() else ""
    if e164 is None:
        raise ValidationError({"phone": "Enter a valid UK mobile number (never a landline)."})
    windows = _valid_windows(windows)
    contact = _locked(participant)
    if e164 != contact.phone:
        _change_number(contact, e164, by=by)
    contact.safe_to_text = safe_to_text
    contact.safe_to_call = safe_to_call
    contact.safe_to_leave_message = safe_to_leave_message
    contact.save()
    contact.windows.all().delete()
    SafeWindow.objects.bulk_create(
        SafeWindow(contact=contact, weekday=w.weekday, start=w.start, end=w.end) for w in windows)
    _event(contact, ContactEventKind.SETTINGS_CHANGED, by=by)
    return contact


def _valid_windows(windows: Iterable[Window]) -> list[Window]:
    windows = list(windows)
    for w in windows:
        if not 0 <= w.weekday <= 6:
            raise ValidationError({"windows": "Weekday must be 0 (Monday) to 6 (Sunday)."})
        if w.end <= w.start:
            raise ValidationError({"windows": "A window must end after it starts."})
    return windows


def _change_number(contact: SafeContact, e164: str, *, by: User) -> None:
    had_number = bool(contact.phone)
    contact.phone = e164
    contact.opted_out_at = None  # a STOP from the old number says nothing about the new one
    if contact.consent_given_at and not contact.consent_withdrawn_at:
        contact.consent_withdrawn_at = timezone.now()
        _event(contact, ContactEventKind.CONSENT_WITHDRAWN, by=by, reason="Number changed")
    if had_number:
        _event(contact, ContactEventKind.NUMBER_CHANGED, by=by)
    _cancel_pending(contact)


@transaction.atomic
def contact_consent_record(*, participant: Participant, by: User, method: str,
                           wording_version: str = CURRENT_WORDING) -> SafeContact:
    """The participant said yes to texts, to this number, today: how (in person, by phone,
    on a form) and to which wording. Recording it again while consent stands re-confirms it
    (restarting the re-confirmation period); staff do this, never an SMS."""
    if method not in ConsentMethod.values:
        raise ValidationError({"method": "Say how consent was given: in person, by phone or "
                                         "on a form."})
    if wording_version not in CONSENT_WORDINGS:
        raise ValidationError({"wording_version": "Unknown consent wording."})
    contact = _locked(participant)
    if not contact.phone:
        raise ValidationError({"phone": "Record a mobile number before consent."})
    if contact.opted_out_at:
        raise ValidationError({"consent": "They replied STOP; only a START text opts back in."})
    kind = ContactEventKind.CONSENT_RENEWED if contact.has_consent else (
        ContactEventKind.CONSENT_GIVEN)
    contact.consent_given_at = timezone.now()
    contact.consent_given_by = by
    contact.consent_method, contact.consent_wording_version = method, wording_version
    contact.consent_withdrawn_at = None
    contact.save()
    ContactEvent.objects.create(contact=contact, kind=kind, by=by, source="staff", method=method,
                                wording_version=wording_version)
    return contact


@transaction.atomic
def contact_consent_withdraw(*, participant: Participant, by: User,
                             reason: str = "") -> SafeContact:
    contact = _locked(participant)
    contact.consent_withdrawn_at = timezone.now()
    contact.save()
    _event(contact, ContactEventKind.CONSENT_WITHDRAWN, by=by, reason=reason)
    _cancel_pending(contact)
    return contact


@transaction.atomic
def contact_suspend(*, participant: Participant, by: User, reason: str) -> SafeContact:
    """Contact is unsafe (e.g. the phone is no longer hers alone): nothing is sent."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why contact is unsafe."})
    contact = _locked(participant)
    contact.suspended_at = timezone.now()
    contact.suspended_reason = reason.strip()
    contact.save()
    _event(contact, ContactEventKind.SUSPENDED, by=by, reason=reason.strip())
    _cancel_pending(contact)
    return contact


@transaction.atomic
def contact_unsuspend(*, participant: Participant, by: User) -> SafeContact:
    contact = _locked(participant)
    contact.suspended_at = None
    contact.suspended_reason = ""
    contact.save()
    _event(contact, ContactEventKind.UNSUSPENDED, by=by)
    return contact


def _cancel_pending(contact: SafeContact) -> None:
    Message.objects.filter(participant_id=contact.participant_id,
                           status=MessageStatus.PENDING).update(
        status=MessageStatus.CANCELLED, status_changed_at=timezone.now())


@transaction.atomic
def contacts_opt_out(*, phone: str, source: str) -> int:
    """STOP (or Twilio's 21610): no more texts to this number. Returns contacts changed."""
    changed = 0
    for contact in SafeContact.objects.select_for_update().with_number(phone).filter(
            opted_out_at__isnull=True):
        contact.opted_out_at = timezone.now()
        contact.save(update_fields=["opted_out_at", "updated_at"])
        _event(contact, ContactEventKind.OPTED_OUT, source=source)
        _cancel_pending(contact)
        changed += 1
    return changed


@transaction.atomic
def contacts_opt_in(*, phone: str, source: str) -> int:
    """START: lifts the opt-out. Texts resume only where recorded consent still stands."""
    changed = 0
    for contact in SafeContact.objects.select_for_update().with_number(phone).filter(
            opted_out_at__isnull=False):
        contact.opted_out_at = None
        contact.save(update_fields=["opted_out_at", "updated_at"])
        _event(contact, ContactEventKind.OPTED_IN, source=source)
        changed += 1
    return changed
