"""Safe-contact records, their history, editable message templates and the SMS outbox.

The phone number lives only on `SafeContact`; messages resolve it at send time, so the
outbox, logs and exports never hold it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from notifications.enums import (
    ConsentMethod,
    ContactEventKind,
    MessageKind,
    MessageStatus,
    ReplyIntent,
    UrgentReason,
)
from scheduler.platform.crypto import (
    EncryptedCharField,
    EncryptedTextField,
    LookupHashField,
    lookup_hash,
)


class SafeContactQuerySet(models.QuerySet["SafeContact"]):
    def with_number(self, e164: str) -> SafeContactQuerySet:
        """Contacts whose (encrypted) number is this one: matched on its keyed hash."""
        if not e164.strip():
            return self.none()
        return self.filter(phone_hash=lookup_hash(e164))


class SafeContact(models.Model):
    participant = models.OneToOneField("programmes.Participant", on_delete=models.CASCADE,
                                       related_name="safe_contact")
    # Encrypted at rest; inbound texts and STOP/START find the contact by `phone_hash`.
    phone = EncryptedCharField(max_length=16, blank=True, help_text="E.164, UK mobiles only")
    phone_hash = LookupHashField(source="phone")
    safe_to_text = models.BooleanField(default=False)
    safe_to_call = models.BooleanField(default=False)
    safe_to_leave_message = models.BooleanField(default=False)
    consent_given_at = models.DateTimeField(null=True, blank=True)
    consent_given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                         null=True, blank=True, related_name="+")
    consent_method = models.CharField(max_length=10, choices=ConsentMethod.choices, blank=True)
    consent_wording_version = models.CharField(max_length=20, blank=True)
    consent_withdrawn_at = models.DateTimeField(null=True, blank=True)
    suspended_at = models.DateTimeField(null=True, blank=True)
    suspended_reason = EncryptedCharField(max_length=200, blank=True)  # may hold a disclosure
    opted_out_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SafeContactQuerySet.as_manager()

    class Meta:
        # inbound STOP/START and 21610 match a contact by (the keyed hash of) its number
        indexes = [models.Index(fields=["phone_hash"], name="safecontact_phone_hash_idx")]

    def __str__(self) -> str:
        return f"Safe contact of participant {self.participant_id}"

    @property
    def has_consent(self) -> bool:
        return self.consent_given_at is not None and self.consent_withdrawn_at is None


class SafeWindow(models.Model):
    """A weekly window (Europe/London wall clock) when texts are safe: the suspect is away."""

    contact = models.ForeignKey(SafeContact, on_delete=models.CASCADE, related_name="windows")
    weekday = models.PositiveSmallIntegerField(validators=[MaxValueValidator(6)],
                                               help_text="0 = Monday")
    start = models.TimeField()
    end = models.TimeField()

    class Meta:
        ordering = ["weekday", "start"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")),
                                   name="safewindow_end_after_start"),
            models.CheckConstraint(condition=models.Q(weekday__lte=6),
                                   name="safewindow_weekday_range"),
        ]

    def __str__(self) -> str:
        return f"Window {self.weekday} {self.start}-{self.end}"


class ContactEvent(models.Model):
    """History of a safe contact. Never holds the number itself."""

    contact = models.ForeignKey(SafeContact, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=ContactEventKind.choices)
    reason = EncryptedCharField(max_length=200, blank=True)  # a suspension's reason: a disclosure
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                           blank=True, related_name="+")
    source = models.CharField(max_length=20, blank=True, help_text="staff, sms, provider")
    method = models.CharField(max_length=10, choices=ConsentMethod.choices, blank=True)
    wording_version = models.CharField(max_length=20, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} at {self.at:%Y-%m-%d %H:%M}"


class MessageTemplate(models.Model):
    """Editable wording per kind; placeholders {day} and {time} (Europe/London)."""

    kind = models.CharField(max_length=16, choices=MessageKind.choices, unique=True)
    body = models.CharField(max_length=480)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")

    def __str__(self) -> str:
        return f"Template for {self.kind}"


class Message(models.Model):
    participant = models.ForeignKey("programmes.Participant", on_delete=models.CASCADE,
                                    related_name="messages")
    kind = models.CharField(max_length=16, choices=MessageKind.choices)
    session = models.ForeignKey("scheduler.Session", on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="messages")
    body = models.CharField(max_length=480)
    status = models.CharField(max_length=16, choices=MessageStatus.choices,
                              default=MessageStatus.PENDING)
    skip_reason = models.CharField(max_length=20, blank=True)
    provider_sid = models.CharField(max_length=64, blank=True)
    error_code = models.PositiveIntegerField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    scheduled_for = models.DateTimeField()
    send_by = models.DateTimeField(null=True, blank=True,
                                   help_text="latest moment it may still go (its slot's end)")
    idempotency_key = models.CharField(max_length=80, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    reconciled_at = models.DateTimeField(null=True, blank=True,
                                         help_text="when the provider was asked about it")
    review_note = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # send_due_reminders(): pending messages whose time has come
            models.Index(fields=["status", "scheduled_for"], name="message_status_due_idx"),
            # status callbacks match a message by the provider's id
            models.Index(fields=["provider_sid"], name="message_provider_sid_idx"),
        ]

    def __str__(self) -> str:
        return f"Message {self.pk} ({self.kind}, {self.status})"


class ReminderPolicy(models.Model):
    """When a programme type's participants get reminders (none recorded: the day before).
    Resolved by notifications.timing to the latest safe moment on the day named."""

    programme_type = models.OneToOneField("programmes.ProgrammeType", on_delete=models.CASCADE,
                                          related_name="reminder_policy")
    day_before = models.BooleanField(default=True)
    same_morning = models.BooleanField(default=False)
    hours_before = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(72)])
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(day_before=True) | models.Q(same_morning=True)
                           | models.Q(hours_before__isnull=False)),
                name="reminderpolicy_asks_for_one"),
        ]

    def __str__(self) -> str:
        return f"Reminder policy of programme type {self.programme_type_id}"


class InboundMessage(models.Model):
    """A text a participant (or whoever holds the phone) sent us. The body is personal data:
    shown to coordinators only, never logged, and kept in this one field so it can be
    encrypted at rest (issue 11) without touching anything else."""

    from_phone = EncryptedCharField(max_length=16, help_text="E.164 as received")
    # Erasure and subject access find replies from her number, matched to her or not.
    from_phone_hash = LookupHashField(source="from_phone", db_index=True)
    contact = models.ForeignKey(SafeContact, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="replies")
    body = EncryptedTextField(blank=True)
    provider_sid = models.CharField(max_length=64, blank=True)
    received_at = models.DateTimeField()
    intent = models.CharField(max_length=8, choices=ReplyIntent.choices, blank=True)
    urgent = models.BooleanField(default=False)
    urgent_reason = models.CharField(max_length=20, choices=UrgentReason.choices, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="+")

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            # Twilio retries a webhook it thinks failed: one row per provider message
            models.UniqueConstraint(fields=["provider_sid"], condition=~models.Q(provider_sid=""),
                                    name="inbound_provider_sid_unique"),
        ]
        indexes = [
            # the inbox and the home page: unread (and urgent unread) first, newest first
            models.Index(fields=["read_at", "urgent", "-received_at"], name="inbound_unread_idx"),
        ]

    def __str__(self) -> str:
        return f"Inbound text {self.pk}"


class CatchUpInvite(models.Model):
    """Who was invited to a catch-up session: only they get its reminder (a text to the whole
    run would tell others of a session they are not expected at)."""

    session = models.ForeignKey("scheduler.Session", on_delete=models.CASCADE,
                                related_name="catch_up_invites")
    participant = models.ForeignKey("programmes.Participant", on_delete=models.CASCADE,
                                    related_name="catch_up_invites")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "participant"],
                                               name="catchupinvite_once")]

    def __str__(self) -> str:
        return f"Catch-up invite {self.session_id}/{self.participant_id}"


class SweepCursor(models.Model):
    """How far a periodic sweep has read (e.g. scheduler.SessionChange rows turned into
    notices). Sweeps re-read a short overlap; idempotency keys make that harmless."""

    name = models.CharField(max_length=40, unique=True)
    last_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} at {self.last_at}"
