"""Choices for the safe-contact record and the SMS outbox."""

from django.db import models


class MessageKind(models.TextChoices):
    REMINDER = "reminder", "Reminder"
    CANCELLATION = "cancellation", "Cancellation"
    MOVE = "move", "Session moved"


class MessageStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"
    UNDELIVERABLE = "undeliverable", "Undeliverable"
    SKIPPED = "skipped", "Skipped (not safe to send)"
    REVIEW = "review", "Needs review (may have been sent)"
    SUPPRESSED = "suppressed", "Suppressed (no safe moment)"


# Progress order for status callbacks: a message never moves to a lower rank.
STATUS_RANK = {
    MessageStatus.PENDING: 0,
    MessageStatus.SENDING: 1,
    MessageStatus.REVIEW: 1,
    MessageStatus.SENT: 2,
    MessageStatus.DELIVERED: 3,
    MessageStatus.FAILED: 3,
    MessageStatus.UNDELIVERABLE: 3,
    MessageStatus.CANCELLED: 3,
    MessageStatus.SKIPPED: 3,
    MessageStatus.SUPPRESSED: 3,
}


class ContactEventKind(models.TextChoices):
    CREATED = "created", "Created"
    NUMBER_CHANGED = "number_changed", "Number changed (consent withdrawn)"
    SETTINGS_CHANGED = "settings_changed", "Safety settings changed"
    CONSENT_GIVEN = "consent_given", "Consent recorded"
    CONSENT_WITHDRAWN = "consent_withdrawn", "Consent withdrawn"
    SUSPENDED = "suspended", "Contact suspended (unsafe)"
    UNSUSPENDED = "unsuspended", "Suspension lifted"
    OPTED_OUT = "opted_out", "Opted out (STOP)"
    OPTED_IN = "opted_in", "Opted back in (START)"
    CONSENT_RENEWED = "consent_renewed", "Consent re-confirmed"


class SkipReason(models.TextChoices):
    """Why a text was not sent; also the answers of safety.may_text."""

    NO_CONTACT = "no_contact", "No safe contact recorded"
    NOT_MOBILE = "not_mobile", "Number is not a mobile"
    NOT_SAFE_TO_TEXT = "not_safe_to_text", "Not safe to text"
    NO_CONSENT = "no_consent", "No opt-in consent"
    SUSPENDED = "suspended", "Contact suspended"
    OPTED_OUT = "opted_out", "Opted out"
    OUTSIDE_WINDOW = "outside_window", "Outside safe window"
    NO_WINDOW_BEFORE_SESSION = "no_window", "No safe window before the session"
    NO_SAFE_MOMENT = "no_safe_moment", "No safe moment on the policy's day before the session"
    SESSION_CANCELLED = "session_cancelled", "Session cancelled"
    SESSION_STARTED = "session_started", "Session already started"
    CONSENT_RECONFIRM_DUE = "consent_due", "Consent due for re-confirmation"


class ConsentMethod(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "By phone"
    FORM = "form", "On a signed form"


class ReplyIntent(models.TextChoices):
    STOP = "stop", "Stop (opted out)"
    START = "start", "Start (opted back in)"


class UrgentReason(models.TextChoices):
    UNSAFE_NUMBER = "unsafe_number", "From a number marked unsafe"
    DANGER_WORDS = "danger_words", "Words of danger"
