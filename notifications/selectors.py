"""Reads for safe contact and the outbox."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q, QuerySet
from django.utils import timezone

from notifications.consent import renewal_due, renewal_due_at
from notifications.enums import MessageStatus
from notifications.models import (
    ContactEvent,
    InboundMessage,
    Message,
    MessageTemplate,
    ReminderPolicy,
    SafeContact,
    SafeWindow,
)
from notifications.safety import BANNED_WORDS, ContactFacts, Window
from notifications.texts import DEFAULT_TEMPLATES, SPECIMEN, template_problems
from notifications.timing import Policy
from programmes.models import GroupRun, ProgrammeType
from scheduler.calendar.enums import SessionStatus
from scheduler.models import Session, Venue

logger = logging.getLogger(__name__)


def contact_or_none(*, participant_id: int) -> SafeContact | None:
    return (SafeContact.objects.select_related("consent_given_by")
            .prefetch_related("windows", Prefetch("events", ContactEvent.objects
                                                  .select_related("by")))
            .filter(participant_id=participant_id).first())


def contact_facts(contact: SafeContact | None, now: dt.datetime | None = None, *,
                  windows: tuple[Window, ...] | None = None) -> ContactFacts | None:
    """The plain values safety.may_text decides on (windows: given, e.g. from
    contact_windows, or prefetched)."""
    if contact is None:
        return None
    if windows is None:
        windows = tuple(Window(w.weekday, w.start, w.end) for w in contact.windows.all())
    return ContactFacts(
        phone=contact.phone,
        safe_to_text=contact.safe_to_text,
        has_consent=contact.has_consent,
        consent_due=contact.has_consent and renewal_due(
            contact.consent_given_at, settings.SMS_CONSENT_RECONFIRM_DAYS, now or timezone.now()),
        suspended=contact.suspended_at is not None,
        opted_out=contact.opted_out_at is not None,
        windows=windows,
    )


# What contact_facts reads of a contact: a batch of sends loads no more (nor decrypts more).
FACT_FIELDS = ("participant_id", "phone", "safe_to_text", "consent_given_at",
               "consent_withdrawn_at", "suspended_at", "opted_out_at")


def contact_windows(contact_ids: Iterable[int]) -> dict[int, tuple[Window, ...]]:
    """Each contact's safe windows in one query. For a batch of sends: prefetch_related built
    a related manager per contact, which cost more than the query (~0.2 ms a contact)."""
    found: dict[int, list[Window]] = defaultdict(list)
    for contact_id, weekday, start, end in (
            SafeWindow.objects.filter(contact_id__in=list(contact_ids))
            .order_by("weekday", "start").values_list("contact_id", "weekday", "start", "end")):
        found[contact_id].append(Window(weekday, start, end))
    return {contact_id: tuple(windows) for contact_id, windows in found.items()}


def messages_for_outbox() -> QuerySet[Message]:
    return Message.objects.select_related("participant__safe_contact", "session")


def template_body(*, kind: str) -> str:
    saved = MessageTemplate.objects.filter(kind=kind).values_list("body", flat=True).first()
    return saved or DEFAULT_TEMPLATES[kind]


def sendable_body(*, kind: str) -> str:
    """The saved wording if it is still discreet (a run named since may have made it unsafe),
    else the built-in default."""
    body = template_body(kind=kind)
    if template_problems(kind, body, extra_banned_words()):
        logger.warning("template %s is no longer discreet: the default wording is used", kind)
        return DEFAULT_TEMPLATES[kind]  # type: ignore[index]
    return body


def example_moment() -> dt.datetime:
    """A real example for previews: the next scheduled session, else a specimen."""
    upcoming = (Session.objects.filter(status=SessionStatus.SCHEDULED, starts_at__gt=timezone.now())
                .order_by("starts_at").values_list("starts_at", flat=True).first())
    return upcoming or SPECIMEN


@dataclass(frozen=True)
class BannedWord:
    word: str
    source: str  # why it is banned: "organisation", "setting", "programme type", "run", ...


def banned_words() -> list[BannedWord]:
    """Everything no text may contain, each with where it comes from (shown to the template
    editor): the organisation's name, configured words, every programme type's, run's and
    venue's name, and the built-in words."""
    sources: list[tuple[str, Iterable[str]]] = [
        ("organisation", [settings.SMS_ORGANISATION_NAME]),
        ("setting", settings.SMS_BANNED_WORDS),
        ("programme type", ProgrammeType.objects.values_list("name", flat=True)),
        ("run", GroupRun.objects.values_list("name", flat=True)),
        ("venue", Venue.objects.values_list("name", flat=True)),
        ("built-in", BANNED_WORDS),
    ]
    seen: set[str] = set()
    found = []
    for source, words in sources:
        for word in words:
            key = word.strip().lower()
            if key and key not in seen:
                seen.add(key)
                found.append(BannedWord(word.strip(), source))
    return found


def extra_banned_words() -> tuple[str, ...]:
    """The provider's own words (the built-in ones are checked by safety.discreet_problems)."""
    return tuple(b.word for b in banned_words() if b.source != "built-in")


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


def consent_renewal_due_at(contact: SafeContact) -> dt.datetime | None:
    if not contact.has_consent or contact.consent_given_at is None:
        return None
    return renewal_due_at(contact.consent_given_at, settings.SMS_CONSENT_RECONFIRM_DAYS)


CONSENT_FILTERS = ("all", "due")


def contacts_for_consent(*, show: str = "all", now: dt.datetime | None = None
                         ) -> QuerySet[SafeContact]:
    """Safe contacts with a number, for the consent page; "due": consent standing but older
    than the re-confirmation period (texts paused)."""
    contacts = (SafeContact.objects.exclude(phone="").select_related("participant",
                                                                     "consent_given_by")
                .order_by("consent_given_at", "pk"))
    if show == "due":
        limit = (now or timezone.now()) - dt.timedelta(days=settings.SMS_CONSENT_RECONFIRM_DAYS)
        contacts = contacts.filter(consent_given_at__lte=limit, consent_withdrawn_at__isnull=True)
    return contacts


OUTBOX_TABS = {
    "pending": [MessageStatus.PENDING, MessageStatus.SENDING],
    "sent": [MessageStatus.SENT],
    "delivered": [MessageStatus.DELIVERED],
    "failed": [MessageStatus.FAILED, MessageStatus.UNDELIVERABLE],
    "review": [MessageStatus.REVIEW],
    "suppressed": [MessageStatus.SUPPRESSED, MessageStatus.SKIPPED, MessageStatus.CANCELLED],
}


def outbox_page_messages(*, show: str) -> QuerySet[Message]:
    messages = messages_for_outbox().order_by("-scheduled_for", "-id")
    if show in OUTBOX_TABS:
        messages = messages.filter(status__in=OUTBOX_TABS[show])
    return messages


def outbox_counts() -> dict[str, int]:
    """Messages per outbox tab (one query)."""
    return Message.objects.aggregate(**{
        tab: Count("pk", filter=Q(status__in=statuses)) for tab, statuses in OUTBOX_TABS.items()})
