"""The crèche: sessions alongside groups, children, who may (and must never) collect them,
staff on duty with their qualifications, and the EYFS daily record of arrival and collection.

Safety: a child must never be released to the wrong adult. Collection rules live in
creche/services.py; these models only hold the facts. Children's allergy and medical notes are
restricted: never in API lists, logs or exports; shown only to crèche staff on the tablet page.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

from programmes.models.participants import REFERENCE_ALPHABET
from scheduler.platform.crypto import EncryptedCharField, EncryptedDateField, EncryptedTextField
from scheduler.platform.validators import plausible_birth_date, refuse_bidi_controls

# Common policy, not statute (domain.md §2): a coordinator may change it per session.
DEFAULT_MIN_STAFF = 2


def new_child_reference() -> str:
    """A non-guessable code like ``CH-7KQ3-M9XD`` (seed 000 Lot 1: a unique reference per child)."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"CH-{chars[:4]}-{chars[4:]}"


class CrecheSession(models.Model):
    session = models.ForeignKey("scheduler.Session", on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="creche_sessions",
                                help_text="The group session this crèche supports, if any")
    venue = models.ForeignKey("scheduler.Venue", on_delete=models.PROTECT,
                              related_name="creche_sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    capacity = models.PositiveSmallIntegerField()
    min_staff = models.PositiveSmallIntegerField(default=DEFAULT_MIN_STAFF)
    min_age_months = models.PositiveSmallIntegerField(
        default=0, help_text="Youngest age (in whole months on the day) this crèche takes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                   name="creche_session_ends_after_start"),
        ]
        indexes = [
            # creche_sessions_between() and creche_hours_between(): a date range
            models.Index(fields=["starts_at"], name="creche_session_starts_idx"),
        ]

    def __str__(self) -> str:
        return f"Crèche {self.pk} at {self.venue_id}"


class Child(models.Model):
    parent = models.ForeignKey("programmes.Participant", on_delete=models.PROTECT,
                               related_name="creche_children")
    reference = models.CharField(max_length=12, unique=True, default=new_child_reference,
                                 editable=False)
    known_as = models.CharField(max_length=60, help_text="Shown on the crèche tablet",
                                validators=[refuse_bidi_controls])
    # Encrypted at rest; ratios and age bands work on the decrypted date in Python.
    date_of_birth = EncryptedDateField(validators=[plausible_birth_date])
    # Restricted: crèche staff only; never in lists, logs or exports. Encrypted at rest.
    allergies = EncryptedTextField(blank=True)
    medical_notes = EncryptedTextField(blank=True, verbose_name="needs",
                                     help_text="Medical, dietary or additional needs")
    photo_consent = models.BooleanField(default=False,
                                        help_text="The parent agrees to photos (no unless asked)")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["known_as", "id"]
        verbose_name_plural = "children"

    def __str__(self) -> str:
        return f"Child {self.pk}"

    @property
    def has_care_notes(self) -> bool:
        return bool(self.allergies.strip() or self.medical_notes.strip())


class AuthorisedCollector(models.Model):
    """An adult the parent has named as allowed to collect the child."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE,
                              related_name="authorised_collectors")
    name = models.CharField(max_length=120, validators=[refuse_bidi_controls])
    relationship = models.CharField(max_length=60)
    check_question = models.CharField(max_length=120, blank=True,
                                      help_text="A question staff ask; the password is its answer")
    password = EncryptedCharField(max_length=60, blank=True,
                                help_text="Collection password (or answer) the adult must give")
    description = models.TextField(blank=True,
                                   help_text="Photo description: how staff recognise this adult")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["child", "name"]

    def __str__(self) -> str:
        return f"Collector {self.pk} for child {self.child_id}"


class NeverCollect(models.Model):
    """An adult who must never collect the child (e.g. the other party of a keep-apart link)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="never_collect")
    # Encrypted at rest: often the name and description of the man she fled.
    name = EncryptedCharField(max_length=120, blank=True,
                              help_text="Name as they might give it at the door, if known")
    description = EncryptedTextField()
    participant = models.ForeignKey("programmes.Participant", on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "never-collect entry"
        verbose_name_plural = "never-collect entries"

    def __str__(self) -> str:
        return f"Never-collect entry {self.pk}"


class CrecheBooking(models.Model):
    creche_session = models.ForeignKey(CrecheSession, on_delete=models.CASCADE,
                                       related_name="bookings")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="bookings")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["creche_session", "child__known_as", "id"]
        constraints = [
            models.UniqueConstraint(fields=["creche_session", "child"],
                                    name="creche_booking_unique"),
        ]

    def __str__(self) -> str:
        return f"Booking {self.pk}"

    @property
    def visits(self) -> list[Attendance]:
        """Every sign-in of the day in order (prefetch `attendances` to avoid a query each)."""
        return sorted(self.attendances.all(), key=lambda a: (a.signed_in_at, a.pk or 0))

    @property
    def latest_attendance(self) -> Attendance | None:
        visits = self.visits
        return visits[-1] if visits else None


class StaffQualification(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="creche_qualification")
    # Paediatric first aid is renewed every 3 years; valid up to and including this day.
    paediatric_first_aid_expires = models.DateField(null=True, blank=True)
    level_6_qualified = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Qualifications of user {self.user_id}"


class StaffOnDuty(models.Model):
    creche_session = models.ForeignKey(CrecheSession, on_delete=models.CASCADE,
                                       related_name="staff_on_duty")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="creche_duties")
    signed_on_at = models.DateTimeField()
    signed_off_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["creche_session", "signed_on_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["creche_session", "user"],
                                    condition=models.Q(signed_off_at__isnull=True),
                                    name="creche_one_open_duty_per_user"),
        ]
        indexes = [
            # staff present now: open duties of one session
            models.Index(fields=["creche_session", "signed_off_at"], name="creche_duty_open_idx"),
        ]

    def __str__(self) -> str:
        return f"Duty {self.pk}"

    @property
    def is_on_duty(self) -> bool:
        return self.signed_off_at is None


class Attendance(models.Model):
    """The EYFS daily record for one booking, written at the time: arrival, collection, by whom."""

    booking = models.ForeignKey(CrecheBooking, on_delete=models.CASCADE,
                                related_name="attendances")
    signed_in_at = models.DateTimeField()
    signed_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    signed_out_at = models.DateTimeField(null=True, blank=True)
    collected_by = models.CharField(max_length=120, blank=True, help_text="Name as recorded")
    signed_out_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                      related_name="+", null=True, blank=True)
    # Set when a time is recorded after the fact: why it was not recorded at the time.
    sign_in_reason = models.CharField(max_length=200, blank=True)
    sign_out_reason = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["signed_in_at", "id"]
        constraints = [
            # Several visits a day, but a child is signed in at most once at a time.
            models.UniqueConstraint(fields=["booking"],
                                    condition=models.Q(signed_out_at__isnull=True),
                                    name="creche_one_open_attendance_per_booking"),
            models.CheckConstraint(
                condition=models.Q(signed_out_at__isnull=True)
                | models.Q(signed_out_at__gte=models.F("signed_in_at")),
                name="creche_attendance_out_after_in"),
        ]
        indexes = [
            # creche_hours_between(): attendances by arrival time
            models.Index(fields=["signed_in_at"], name="creche_attendance_in_idx"),
        ]

    def __str__(self) -> str:
        return f"Attendance {self.pk}"

    @property
    def is_present(self) -> bool:
        return self.signed_out_at is None


class IncidentReason(models.TextChoices):
    NEVER_COLLECT = "never_collect", "On the never-collect list"
    NOT_AUTHORISED = "not_authorised", "Not an authorised collector"
    WRONG_PASSWORD = "wrong_password", "Wrong collection password"


class CollectionIncident(models.Model):
    """A refused collection: who tried, when, which child, who was on duty. Coordinators are
    alerted until one of them acknowledges it. The child stayed signed in."""

    creche_session = models.ForeignKey(CrecheSession, on_delete=models.PROTECT,
                                       related_name="incidents")
    booking = models.ForeignKey(CrecheBooking, on_delete=models.PROTECT, related_name="incidents")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="incidents")
    attempted_by = models.CharField(max_length=120, help_text="Name the adult gave at the door")
    reason = models.CharField(max_length=20, choices=IncidentReason.choices)
    happened_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    staff_on_duty = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+",
                                           blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                        related_name="+", null=True, blank=True)

    class Meta:
        ordering = ["-happened_at", "-id"]
        indexes = [
            # incidents_unacknowledged_count(): the coordinator's alert
            models.Index(fields=["acknowledged_at"], name="creche_incident_ack_idx"),
        ]

    def __str__(self) -> str:
        return f"Incident {self.pk}"


class CrechePlaceRequest(models.Model):
    """A child who needs a crèche place beside the parent's place on a run, ticked by the
    coordinator when the place is offered or the enrolment made. When the parent's place is
    taken the child is booked into every crèche linked to the run's sessions."""

    enrolment = models.ForeignKey("programmes.Enrolment", on_delete=models.CASCADE,
                                  related_name="creche_requests")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="place_requests")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["enrolment", "child__known_as", "id"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "child"],
                                    name="creche_place_request_unique"),
        ]

    def __str__(self) -> str:
        return f"Crèche place request {self.pk}"
