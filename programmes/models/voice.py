"""Service-user voice and what comes next: end-of-programme feedback, the complaints and
compliments log, and the next step recorded when she completes or leaves.

Feedback is anonymous by default, and an anonymous row holds nothing that leads back to
her: no participant, no enrolment, no member of staff, no time of day (a date only), and a
random id, so not even the order rows were written in can be matched to the order the
tablet was handed round. Only when she chooses to put her name to it does a
`NamedFeedback` row link it to her enrolment."""

import uuid

from django.conf import settings
from django.db import models

from programmes.enums import (
    CommentChannel,
    CommentKind,
    CommentOutcome,
    CommentStatus,
    FeedbackRating,
    NextStep,
    ResponseMode,
)


class Feedback(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey("programmes.ProgrammeType", on_delete=models.PROTECT,
                                  related_name="feedback")
    # Left empty for anonymous feedback on a one-to-one run: there the run is the person.
    run = models.ForeignKey("programmes.GroupRun", on_delete=models.PROTECT, null=True,
                            blank=True, related_name="feedback")
    received_on = models.DateField()
    rating = models.PositiveSmallIntegerField(choices=FeedbackRating.choices, null=True,
                                              blank=True)
    comment = models.TextField(max_length=2000, blank=True)
    mode = models.CharField(max_length=8, choices=ResponseMode.choices)

    class Meta:
        ordering = ["-received_on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(rating__isnull=True)
                                   | models.Q(rating__gte=1, rating__lte=5),
                                   name="feedback_rating_on_scale"),
        ]
        indexes = [
            # the quarter's counts: feedback received between two dates
            models.Index(fields=["received_on"], name="feedback_received_idx"),
        ]

    def __str__(self) -> str:
        return "Feedback"


class NamedFeedback(models.Model):
    """She chose to put her name to her feedback: the only link from it to her."""

    feedback = models.OneToOneField(Feedback, on_delete=models.CASCADE, related_name="named")
    enrolment = models.ForeignKey("programmes.Enrolment", on_delete=models.PROTECT,
                                  related_name="named_feedback")

    def __str__(self) -> str:
        return f"Named feedback {self.pk}"


class CommentTheme(models.Model):
    """The provider's own list of themes (waiting time, venue, staff…), edited in the admin."""

    name = models.CharField(max_length=80, unique=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ServiceComment(models.Model):
    """One complaint or compliment in the log. Its lifecycle dates are set by the services
    in `programmes/services/voice.py` only (acknowledged ≥ received, resolved ≥ acknowledged)."""

    kind = models.CharField(max_length=10, choices=CommentKind.choices)
    received_on = models.DateField()
    channel = models.CharField(max_length=16, choices=CommentChannel.choices)
    themes = models.ManyToManyField(CommentTheme, related_name="comments")
    summary = models.TextField(max_length=2000)
    programme = models.ForeignKey("programmes.ProgrammeType", on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+")
    # Who made it, when she gave her name and is one of ours; coordinators only ever see it.
    participant = models.ForeignKey("programmes.Participant", on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="service_comments")
    acknowledged_on = models.DateField(null=True, blank=True)
    resolved_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=CommentOutcome.choices, blank=True)
    outcome_note = models.TextField(max_length=2000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(acknowledged_on__isnull=True)
                | models.Q(acknowledged_on__gte=models.F("received_on")),
                name="comment_acknowledged_after_received"),
            models.CheckConstraint(
                condition=models.Q(resolved_on__isnull=True)
                | models.Q(acknowledged_on__isnull=False,
                           resolved_on__gte=models.F("acknowledged_on")),
                name="comment_resolved_after_acknowledged"),
        ]
        indexes = [
            # the quarter's counts and the log's default order: by date received
            models.Index(fields=["received_on"], name="comment_received_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def status(self) -> str:
        if self.resolved_on is not None:
            return CommentStatus.RESOLVED
        return CommentStatus.ACKNOWLEDGED if self.acknowledged_on else CommentStatus.RECEIVED

    def get_status_display(self) -> str:
        return str(CommentStatus(self.status).label)


class EnrolmentNextStep(models.Model):
    """Where she went next, recorded when she completed or left; a follow-on to another of
    our programmes is a referral made in the same transaction."""

    enrolment = models.OneToOneField("programmes.Enrolment", on_delete=models.CASCADE,
                                     related_name="next_step")
    step = models.CharField(max_length=16, choices=NextStep.choices)
    detail = models.CharField(max_length=200, blank=True,
                              help_text="e.g. the service she was signposted to")
    follow_on_referral = models.OneToOneField("programmes.Referral", on_delete=models.PROTECT,
                                              null=True, blank=True, related_name="follows")
    recorded_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")

    class Meta:
        indexes = [
            # the quarter's counts: next steps recorded between two dates
            models.Index(fields=["recorded_on"], name="next_step_recorded_idx"),
        ]

    def __str__(self) -> str:
        return f"Next step for enrolment {self.enrolment_id}"
