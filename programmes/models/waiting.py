"""Waiting lists per programme, manual reordering with reasons, and time-limited offers."""

from django.conf import settings
from django.db import models

from programmes.enums import EntryStatus, OfferStatus, Priority


class WaitingListEntry(models.Model):
    programme = models.ForeignKey("programmes.ProgrammeType", on_delete=models.PROTECT,
                                  related_name="waiting_list")
    participant = models.ForeignKey("programmes.Participant", on_delete=models.PROTECT,
                                    related_name="waiting_list_entries")
    referral = models.ForeignKey("programmes.Referral", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="waiting_list_entries")
    priority = models.CharField(max_length=10, choices=Priority.choices,
                                default=Priority.STANDARD)
    referred_on = models.DateField()
    # Queue position: priority rank, then this moment (the referral date unless a coordinator
    # moved the entry, which is recorded in WaitingListMove with a reason).
    rank_priority = models.PositiveSmallIntegerField()
    rank_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=EntryStatus.choices,
                              default=EntryStatus.WAITING)
    created_at = models.DateTimeField(auto_now_add=True)
    # When it was placed or removed (the return counts who was waiting at a quarter's end).
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["rank_priority", "rank_at", "id"]
        verbose_name_plural = "waiting list entries"
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "participant"],
                condition=models.Q(status__in=["waiting", "offered"]),
                name="waiting_one_active_entry"),
        ]
        indexes = [
            # waiting_list_for(): one programme's active entries in queue order
            models.Index(fields=["programme", "status", "rank_priority", "rank_at"],
                         name="waiting_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"Waiting list entry {self.pk}"


class WaitingListMove(models.Model):
    """Every manual reordering, with who, when and why."""

    entry = models.ForeignKey(WaitingListEntry, on_delete=models.CASCADE, related_name="moves")
    from_position = models.PositiveIntegerField()
    to_position = models.PositiveIntegerField()
    reason = models.CharField(max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                           blank=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"Move {self.from_position} → {self.to_position}"


class PlaceOffer(models.Model):
    entry = models.ForeignKey(WaitingListEntry, on_delete=models.PROTECT, related_name="offers")
    enrolment = models.ForeignKey("programmes.Enrolment", on_delete=models.PROTECT,
                                  related_name="offers")
    run = models.ForeignKey("programmes.GroupRun", on_delete=models.PROTECT,
                            related_name="offers")
    status = models.CharField(max_length=10, choices=OfferStatus.choices,
                              default=OfferStatus.OPEN)
    expires_at = models.DateTimeField()
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-made_at", "-id"]
        indexes = [
            # capacity check: a run's open offers
            models.Index(fields=["run", "status"], name="offer_run_status_idx"),
        ]

    def __str__(self) -> str:
        return f"Offer {self.pk}"
