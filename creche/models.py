"""The crèche: sessions alongside groups, children, who may (and must never) collect them,
staff on duty with their qualifications, and the EYFS daily record of arrival and collection.

Safety: a child must never be released to the wrong adult. Collection rules live in
creche/services.py; these models only hold the facts. Children's allergy and medical notes are
restricted: never in API lists, logs or exports; shown only to crèche staff on the tablet page.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from scheduler.platform.validators import plausible_birth_date, refuse_bidi_controls

# Common policy, not statute (domain.md §2): a coordinator may change it per session.
DEFAULT_MIN_STAFF = 2


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
    known_as = models.CharField(max_length=60, help_text="Shown on the crèche tablet",
                                validators=[refuse_bidi_controls])
    date_of_birth = models.DateField(validators=[plausible_birth_date])
    # Restricted: crèche staff only; never in lists, logs or exports.
    allergies = models.TextField(blank=True)
    medical_notes = models.TextField(blank=True)
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
    password = models.CharField(max_length=60, blank=True,
                                help_text="Collection password the adult must give, if set")
    description = models.TextField(blank=True, help_text="How staff recognise this adult")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["child", "name"]

    def __str__(self) -> str:
        return f"Collector {self.pk} for child {self.child_id}"


class NeverCollect(models.Model):
    """An adult who must never collect the child (e.g. the other party of a keep-apart link)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="never_collect")
    name = models.CharField(max_length=120, blank=True,
                            help_text="Name as they might give it at the door, if known")
    description = models.TextField()
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

    booking = models.OneToOneField(CrecheBooking, on_delete=models.CASCADE,
                                   related_name="attendance")
    signed_in_at = models.DateTimeField()
    signed_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    signed_out_at = models.DateTimeField(null=True, blank=True)
    collected_by = models.CharField(max_length=120, blank=True, help_text="Name as recorded")
    signed_out_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                      related_name="+", null=True, blank=True)

    class Meta:
        constraints = [
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
