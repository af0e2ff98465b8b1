"""Admin for the crèche. Children's care notes are restricted to crèche staff roles."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from creche.models import (
    Attendance,
    AuthorisedCollector,
    Child,
    CrecheBooking,
    CrecheSession,
    NeverCollect,
    StaffOnDuty,
    StaffQualification,
)
from scheduler.models import User
from scheduler.platform.permissions import CRECHE_STAFF


class AuthorisedCollectorInline(admin.TabularInline):
    model = AuthorisedCollector
    extra = 0


class NeverCollectInline(admin.TabularInline):
    model = NeverCollect
    extra = 0
    raw_id_fields = ["participant"]


@admin.register(Child)
class ChildAdmin(admin.ModelAdmin):
    list_display = ["id", "known_as", "date_of_birth", "parent"]
    search_fields = ["known_as", "parent__reference"]
    raw_id_fields = ["parent"]
    inlines = [AuthorisedCollectorInline, NeverCollectInline]

    def get_exclude(self, request: HttpRequest, obj: Child | None = None):  # type: ignore[no-untyped-def]
        if isinstance(request.user, User) and request.user.has_role(*CRECHE_STAFF):
            return ()
        return ("allergies", "medical_notes")


@admin.register(CrecheSession)
class CrecheSessionAdmin(admin.ModelAdmin):
    list_display = ["id", "starts_at", "ends_at", "venue", "capacity", "min_staff"]
    list_filter = ["venue"]
    list_select_related = ["venue"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["session"]


@admin.register(CrecheBooking)
class CrecheBookingAdmin(admin.ModelAdmin):
    list_display = ["id", "creche_session", "child", "created_at"]
    list_select_related = ["creche_session", "child"]
    raw_id_fields = ["creche_session", "child"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    """The EYFS daily record: read-only here, written at the time by the tablet."""

    list_display = ["id", "booking", "signed_in_at", "signed_out_at", "collected_by"]
    list_select_related = ["booking"]
    readonly_fields = ["booking", "signed_in_at", "signed_in_by", "signed_out_at",
                       "collected_by", "signed_out_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(StaffQualification)
class StaffQualificationAdmin(admin.ModelAdmin):
    list_display = ["user", "paediatric_first_aid_expires", "level_6_qualified"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(StaffOnDuty)
class StaffOnDutyAdmin(admin.ModelAdmin):
    list_display = ["id", "creche_session", "user", "signed_on_at", "signed_off_at"]
    list_select_related = ["creche_session", "user"]
    raw_id_fields = ["creche_session", "user"]
