"""Reads for safe contact and the outbox."""

from __future__ import annotations

from django.conf import settings
from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q, QuerySet

from notifications.models import (
    ContactEvent,
    InboundMessage,
    Message,
    MessageTemplate,
    ReminderPolicy,
    SafeContact,
)
from notifications.safety import ContactFacts, Window
from notifications.texts import DEFAULT_TEMPLATES
from notifications.timing import Policy
from scheduler.models import Session, Venue


def contact_or_none(*, participant_id: int) -> SafeContact | None:
    return (SafeContact.objects.select_related("consent_given_by")
            .prefetch_related("windows", Prefetch("events", ContactEvent.objects
                                                  .select_related("by")))
            .filter(participant_id=participant_id).first())


def contact_facts(contact: SafeContact | None) -> ContactFacts | None:
    """The plain values safety.may_text decides on (windows should be prefetched)."""
    if contact is None:
        return None
    return ContactFacts(
        phone=contact.phone,
        safe_to_text=contact.safe_to_text,
        has_consent=contact.has_consent,
        suspended=contact.suspended_at is not None,
        opted_out=contact.opted_out_at is not None,
        windows=tuple(Window(w.weekday, w.start, w.end) for w in contact.windows.all()),
    )


def messages_for_outbox() -> QuerySet[Message]:
    return Message.objects.select_related("participant__safe_contact", "session")


def template_body(*, kind: str) -> str:
    saved = MessageTemplate.objects.filter(kind=kind).values_list("body", flat=True).first()
    return saved or DEFAULT_TEMPLATES[kind]


def extra_banned_words() -> tuple[str, ...]:
    """Venue names and any configured organisation names must never appear in a text."""
    venues = Venue.objects.values_list("name", flat=True)
    configured = getattr(settings, "SMS_BANNED_WORDS", ())
    return (*venues, *configured)


def policy_for(session: Session) -> Policy:
    """The programme type's reminder policy (select_related it); the day before when none."""
    try:
        saved = session.run.programme.reminder_policy
    except ReminderPolicy.DoesNotExist:
        return Policy()
    return Policy(day_before=saved.day_before, same_morning=saved.same_morning,
                  hours_before=saved.hours_before)


UNREAD = ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField())
INBOX_FILTERS = {"all": Q(), "unread": Q(read_at__isnull=True),
                 "urgent": Q(urgent=True, read_at__isnull=True), "stop": Q(intent="stop")}


def inbox_messages(*, show: str = "all") -> QuerySet[InboundMessage]:
    """Inbound texts for the coordinators' inbox: unread urgent first, then newest."""
    return (InboundMessage.objects.filter(INBOX_FILTERS.get(show, Q()))
            .select_related("contact__participant", "read_by")
            .order_by(UNREAD.desc(), "-urgent", "-received_at", "-id"))


def inbox_counts() -> dict[str, int]:
    """Unread and urgent-unread counts (one query)."""
    return InboundMessage.objects.aggregate(
        unread=Count("pk", filter=Q(read_at__isnull=True)),
        urgent=Count("pk", filter=Q(read_at__isnull=True, urgent=True)))


def urgent_replies_unread(*, limit: int = 10) -> list[InboundMessage]:
    """For the coordinator's home: urgent replies no one has read yet, newest first."""
    return list(InboundMessage.objects.filter(urgent=True, read_at__isnull=True)
                .select_related("contact__participant").order_by("-received_at", "-id")[:limit])
