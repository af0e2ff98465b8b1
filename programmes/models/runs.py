"""A group run: one delivery of a programme by named facilitators at a venue."""

from django.conf import settings
from django.db import models

from programmes.enums import RunStatus


class GroupRun(models.Model):
    programme = models.ForeignKey("programmes.ProgrammeType", on_delete=models.PROTECT,
                                  related_name="runs")
    name = models.CharField(max_length=160)
    venue = models.ForeignKey("scheduler.Venue", on_delete=models.PROTECT, related_name="runs")
    room = models.ForeignKey("scheduler.Room", on_delete=models.PROTECT, related_name="runs",
                             null=True, blank=True)
    capacity = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=12, choices=RunStatus.choices, default=RunStatus.PLANNED)
    # The crèche need: places the crèche beside each session should hold (0: no crèche).
    # Programmes owns it; the crèche reads it (programmes must not import the crèche).
    creche_places = models.PositiveSmallIntegerField(
        default=0, help_text="Crèche places needed beside each session (0 if no crèche)")
    facilitators = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="facilitated_runs",
                                          blank=True)
    # A commissioner's spot purchase of the whole run; none: the provider's main contract.
    funder = models.ForeignKey("scheduler.Funder", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="runs")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [models.Index(fields=["status"], name="run_status_idx")]  # open runs list

    def __str__(self) -> str:
        return self.name
