"""Secret, revocable calendar-feed URLs. Only the token's SHA-256 is stored."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class FeedKind(models.TextChoices):
    FACILITATOR = "facilitator", "Facilitator"
    VENUE = "venue", "Venue"
    RUN = "run", "Group run"


class FeedToken(models.Model):
    kind = models.CharField(max_length=12, choices=FeedKind.choices)
    facilitator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                    null=True, blank=True, related_name="+")
    venue = models.ForeignKey("scheduler.Venue", on_delete=models.CASCADE, null=True, blank=True,
                              related_name="+")
    run = models.ForeignKey("programmes.GroupRun", on_delete=models.CASCADE, null=True,
                            blank=True, related_name="+")
    digest = models.CharField(max_length=64, unique=True)  # look-up by presented token
    prefix = models.CharField(max_length=8)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="facilitator", facilitator__isnull=False)
                | Q(kind="venue", venue__isnull=False) | Q(kind="run", run__isnull=False),
                name="feed_subject_matches_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} feed ({self.prefix}…)"
