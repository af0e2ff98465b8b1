"""Keep-apart links between participants, recorded by staff.

Restricted: never shown on either person's record or register, never to facilitators. Used by
the scheduler's clash rules (not at the same venue within a buffer) and by the crèche's
collection rules (a linked adult must never collect the other's child).
"""

from django.conf import settings
from django.db import models

from scheduler.platform.crypto import EncryptedCharField


class KeepApartLink(models.Model):
    person_a = models.ForeignKey("programmes.Participant", on_delete=models.CASCADE,
                                 related_name="+")
    person_b = models.ForeignKey("programmes.Participant", on_delete=models.CASCADE,
                                 related_name="+")
    reason = EncryptedCharField(max_length=200, blank=True,
                                help_text="Restricted: coordinators only")
    buffer_minutes = models.PositiveSmallIntegerField(
        default=60, help_text="Not at the same venue within this many minutes either side")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # One link per unordered pair: services store the lower id as person_a.
            models.CheckConstraint(condition=models.Q(person_a__lt=models.F("person_b")),
                                   name="keepapart_ordered_pair"),
            models.UniqueConstraint(fields=["person_a", "person_b"], name="keepapart_unique_pair"),
        ]

    def __str__(self) -> str:
        return f"Keep-apart link {self.pk}"


class PartnerSupportLink(models.Model):
    """A perpetrator's enrolment linked to the partner's integrated-support worker.

    The worker sees the perpetrator's attendance status only; nothing flows the other way.
    """

    enrolment = models.ForeignKey("programmes.Enrolment", on_delete=models.CASCADE,
                                  related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="partner_support_links")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "worker"],
                                    condition=models.Q(ended_at__isnull=True),
                                    name="partner_support_one_active"),
        ]

    def __str__(self) -> str:
        return f"Partner-support link {self.pk}"


class PlacementOverride(models.Model):
    """A coordinator's decision to place someone despite a keep-apart conflict (the audit).

    Restricted like the links: coordinators only. Records who, when, why, and which links
    were in conflict on which path (enrolment, offer or acceptance).
    """

    enrolment = models.ForeignKey("programmes.Enrolment", on_delete=models.CASCADE,
                                  related_name="placement_overrides")
    links = models.ManyToManyField(KeepApartLink, related_name="+")
    path = models.CharField(max_length=16)  # "enrolment", "offer", "accept", "transition"
    reason = EncryptedCharField(max_length=300, help_text="Restricted: coordinators only")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"Placement override {self.pk}"
