"""Admin for the calendar: read-only. Venues, rooms, terms, closures, availability, schedules
and sessions are written by the calendar services (date ranges, capacities, room clashes, change
history); feeds are revoked here through feed_revoke."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from scheduler import models
from scheduler.calendar.services import feed_revoke
from scheduler.calendar.services.localities import funder_create, locality_create, lot_create
from scheduler.platform.admin_base import (
    ReadOnlyAdmin,
    ReadOnlyInline,
    ServiceAddAdmin,
    ServiceForm,
)


class RoomInline(ReadOnlyInline):
    model = models.Room


@admin.register(models.Venue)
class VenueAdmin(ReadOnlyAdmin):
    list_display = ("name", "locality", "location_type", "is_confidential", "has_creche_room")
    list_filter = ("locality", "location_type", "is_confidential")
    list_select_related = ("locality",)
    search_fields = ("name",)
    inlines = [RoomInline]


class TermInline(ReadOnlyInline):
    model = models.Term


@admin.register(models.TermCalendar)
class TermCalendarAdmin(ReadOnlyAdmin):
    list_display = ("name", "locality")
    list_filter = ("locality",)
    list_select_related = ("locality",)
    inlines = [TermInline]


@admin.register(models.Closure)
class ClosureAdmin(ReadOnlyAdmin):
    list_display = ("reason", "kind", "venue", "starts_on", "ends_on")
    list_filter = ("kind",)
    date_hierarchy = "starts_on"


@admin.register(models.FacilitatorHours)
class FacilitatorHoursAdmin(ReadOnlyAdmin):
    list_display = ("user", "weekday", "starts_at", "ends_at")


@admin.register(models.FacilitatorLeave)
class FacilitatorLeaveAdmin(ReadOnlyAdmin):
    list_display = ("user", "starts_on", "ends_on")


@admin.register(models.Schedule)
class ScheduleAdmin(ReadOnlyAdmin):
    list_display = ("run", "start_date", "start_time", "target_sessions")


@admin.register(models.Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ("run", "number", "kind", "starts_at", "room", "status", "sequence")
    list_filter = ("status", "kind")
    list_select_related = ("run", "room__venue")
    date_hierarchy = "starts_at"


@admin.register(models.SessionChange)
class SessionChangeAdmin(ReadOnlyAdmin):
    list_display = ("session", "kind", "old_starts_at", "new_starts_at", "by", "at")
    list_select_related = ("session__run", "by")


@admin.register(models.FeedToken)
class FeedTokenAdmin(ReadOnlyAdmin):
    list_display = ("kind", "prefix", "facilitator", "venue", "run", "created_at", "revoked_at")
    exclude = ("digest",)
    actions = ["revoke"]

    @admin.action(description="Revoke the selected feeds")
    def revoke(self, request: HttpRequest, queryset: QuerySet[models.FeedToken]) -> None:
        for token in queryset:
            feed_revoke(token=token)


# --- Reference lists the return is cut by: added through their services ------------------------

class LocalityAddForm(ServiceForm):
    class Meta:
        model = models.Locality
        fields = ["name", "lot"]

    def create(self, data: dict[str, Any], by: Any) -> models.Locality:
        return locality_create(name=data["name"], lot=data["lot"])


@admin.register(models.Locality)
class LocalityAdmin(ServiceAddAdmin):
    add_form = LocalityAddForm
    list_display = ("name", "lot", "unmatched")
    list_filter = ("unmatched", "lot")


class LotAddForm(ServiceForm):
    class Meta:
        model = models.Lot
        fields = ["name"]

    def create(self, data: dict[str, Any], by: Any) -> models.Lot:
        return lot_create(name=data["name"])


@admin.register(models.Lot)
class LotAdmin(ServiceAddAdmin):
    add_form = LotAddForm
    list_display = ("name",)


class FunderAddForm(ServiceForm):
    class Meta:
        model = models.Funder
        fields = ["name"]

    def create(self, data: dict[str, Any], by: Any) -> models.Funder:
        return funder_create(name=data["name"])


@admin.register(models.Funder)
class FunderAdmin(ServiceAddAdmin):
    add_form = FunderAddForm
    list_display = ("name", "is_active")
