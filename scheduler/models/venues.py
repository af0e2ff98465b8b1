"""Where groups meet."""

from django.db import models

from scheduler.calendar.enums import LocationType


class Venue(models.Model):
    name = models.CharField(max_length=120, unique=True)
    locality = models.ForeignKey("scheduler.Locality", on_delete=models.PROTECT,
                                 related_name="venues",
                                 help_text="Local authority / district for reports")
    location_type = models.CharField(max_length=12, choices=LocationType.choices,
                                     default=LocationType.COMMUNITY)
    # A refuge or confidential venue: its address is shown only to roles that need it and
    # never appears in feeds or texts.
    address = models.TextField(blank=True)
    is_confidential = models.BooleanField(default=False)
    accessibility_notes = models.TextField(blank=True)
    has_creche_room = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Room(models.Model):
    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(max_length=80)
    capacity = models.PositiveIntegerField()

    class Meta:
        ordering = ["venue__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["venue", "name"], name="room_unique_name_per_venue"),
        ]

    def __str__(self) -> str:
        return f"{self.venue.name} – {self.name}"
