"""Programme types as data a coordinator edits: shape, curriculum, completion, attendance."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from programmes.enums import Audience, Delivery, OutputCategory


class ProgrammeType(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    audience = models.CharField(max_length=20, choices=Audience.choices)
    delivery = models.CharField(max_length=12, choices=Delivery.choices)
    output_category = models.CharField(max_length=20, choices=OutputCategory.choices,
                                       default=OutputCategory.OTHER)
    age_min = models.PositiveSmallIntegerField(null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(null=True, blank=True)
    session_count = models.PositiveSmallIntegerField(null=True, blank=True,
                                                     help_text="Blank for open-ended shapes")
    session_minutes = models.PositiveSmallIntegerField(default=120)
    min_group_size = models.PositiveSmallIntegerField(null=True, blank=True)
    max_group_size = models.PositiveSmallIntegerField(null=True, blank=True)
    requires_referral = models.BooleanField(default=False)
    requires_assessment = models.BooleanField(default=False)
    # Completion rule (see programmes/completion.py); every part that is set must hold.
    completion_min_sessions = models.PositiveSmallIntegerField(null=True, blank=True)
    completion_min_percent = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100)])
    completion_requires_final = models.BooleanField(default=False)
    completion_all_core_topics = models.BooleanField(default=False)
    # Attendance policy.
    max_consecutive_misses = models.PositiveSmallIntegerField(null=True, blank=True)
    max_total_misses = models.PositiveSmallIntegerField(null=True, blank=True)
    catch_ups_allowed = models.BooleanField(default=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    programme = models.ForeignKey(ProgrammeType, on_delete=models.CASCADE, related_name="topics")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=120)
    is_core = models.BooleanField(default=True)

    class Meta:
        ordering = ["programme", "order"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "order"], name="topic_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"
