"""Admin for the calendar. Writes that carry rules go through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from scheduler import models
from scheduler.calendar.services import feed_revoke


class RoomInline(admin.TabularInline):
    model = models.Room
    extra = 0


@admin.register(models.Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ("name", "locality", "is_confidential", "has_creche_room")
    list_filter = ("locality", "is_confidential")
    search_fields = ("name",)
    inlines = [RoomInline]


class TermInline(admin.TabularInline):
    model = models.Term
    extra = 0


@admin.register(models.TermCalendar)
class TermCalendarAdmin(admin.ModelAdmin):
    list_display = ("name", "locality")
    inlines = [TermInline]


@admin.register(models.Closure)
class ClosureAdmin(admin.ModelAdmin):
    list_display = ("reason", "kind", "venue", "starts_on", "ends_on")
    list_filter = ("kind",)
    date_hierarchy = "starts_on"


@admin.register(models.FacilitatorHours)
class FacilitatorHoursAdmin(admin.ModelAdmin):
    list_display = ("user", "weekday", "starts_at", "ends_at")


@admin.register(models.FacilitatorLeave)
class FacilitatorLeaveAdmin(admin.ModelAdmin):
    list_display = ("user", "starts_on", "ends_on")


class ReadOnly(admin.ModelAdmin):
    """Generated or audited rows: change them through the API or the services."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.Schedule)
class ScheduleAdmin(ReadOnly):
    list_display = ("run", "start_date", "start_time", "target_sessions")


@admin.register(models.Session)
class SessionAdmin(ReadOnly):
    list_display = ("run", "number", "kind", "starts_at", "room", "status", "sequence")
    list_filter = ("status", "kind")
    list_select_related = ("run", "room__venue")
    date_hierarchy = "starts_at"


@admin.register(models.SessionChange)
class SessionChangeAdmin(ReadOnly):
    list_display = ("session", "kind", "old_starts_at", "new_starts_at", "by", "at")
    list_select_related = ("session__run", "by")


@admin.register(models.FeedToken)
class FeedTokenAdmin(ReadOnly):
    list_display = ("kind", "prefix", "facilitator", "venue", "run", "created_at", "revoked_at")
    exclude = ("digest",)
    actions = ["revoke"]

    @admin.action(description="Revoke the selected feeds")
    def revoke(self, request: HttpRequest, queryset: QuerySet[models.FeedToken]) -> None:
        for token in queryset:
            feed_revoke(token=token)
