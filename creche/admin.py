"""Admin for the crèche. Rows that carry a rule are added through the crèche services
(booking_create, collector_add, never_collect_add) and are otherwise read-only; children's care
notes are shown only to crèche staff roles."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from creche import services
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
from scheduler.platform.admin_base import (
    ReadOnlyAdmin,
    ReadOnlyInline,
    ServiceAddAdmin,
    ServiceForm,
)
from scheduler.platform.permissions import CRECHE_STAFF


class BookingForm(ServiceForm):
    service_fields = {"child_id": "child", "creche_session_id": "creche_session"}

    class Meta:
        model = CrecheBooking
        fields = ["creche_session", "child"]

    def create(self, data: dict[str, Any], by: Any) -> CrecheBooking:
        return services.booking_create(creche_session=data["creche_session"],
                                       child=data["child"], by=by)


class CollectorForm(ServiceForm):
    class Meta:
        model = AuthorisedCollector
        fields = ["child", "name", "relationship", "password", "description"]

    def create(self, data: dict[str, Any], by: Any) -> AuthorisedCollector:
        return services.collector_add(child=data["child"], name=data["name"],
                                      relationship=data["relationship"],
                                      password=data["password"], description=data["description"])


class NeverCollectForm(ServiceForm):
    class Meta:
        model = NeverCollect
        fields = ["child", "name", "description", "participant"]

    def create(self, data: dict[str, Any], by: Any) -> NeverCollect:
        return services.never_collect_add(child=data["child"], name=data["name"],
                                          description=data["description"],
                                          participant=data["participant"])


class AuthorisedCollectorInline(ReadOnlyInline):
    model = AuthorisedCollector
    fields = ["name", "relationship", "description", "is_active"]


class NeverCollectInline(ReadOnlyInline):
    model = NeverCollect
    fields = ["name", "description", "participant"]


@admin.register(Child)
class ChildAdmin(ReadOnlyAdmin):
    list_display = ["id", "known_as", "date_of_birth", "parent"]
    sortable_by = ["id", "known_as", "parent"]  # the date of birth is encrypted: no SQL order
    search_fields = ["known_as", "parent__reference"]
    inlines = [AuthorisedCollectorInline, NeverCollectInline]

    def get_exclude(self, request: HttpRequest, obj: Child | None = None) -> Any:
        if isinstance(request.user, User) and request.user.has_role(*CRECHE_STAFF):
            return ()
        return ("allergies", "medical_notes")


@admin.register(AuthorisedCollector)
class AuthorisedCollectorAdmin(ServiceAddAdmin):
    add_form = CollectorForm
    list_display = ["id", "child", "relationship", "is_active", "created_at"]
    list_select_related = ["child"]
    raw_id_fields = ["child"]


@admin.register(NeverCollect)
class NeverCollectAdmin(ServiceAddAdmin):
    add_form = NeverCollectForm
    list_display = ["id", "child", "participant", "created_at"]
    list_select_related = ["child"]
    raw_id_fields = ["child", "participant"]


@admin.register(CrecheSession)
class CrecheSessionAdmin(ReadOnlyAdmin):
    list_display = ["id", "starts_at", "ends_at", "venue", "capacity", "min_staff"]
    list_filter = ["venue"]
    list_select_related = ["venue"]
    date_hierarchy = "starts_at"


@admin.register(CrecheBooking)
class CrecheBookingAdmin(ServiceAddAdmin):
    add_form = BookingForm
    list_display = ["id", "creche_session", "child", "created_at"]
    list_select_related = ["creche_session", "child"]
    raw_id_fields = ["creche_session", "child"]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    """The EYFS daily record: written at the time by the tablet."""

    list_display = ["id", "booking", "signed_in_at", "signed_out_at", "collected_by"]
    list_select_related = ["booking"]


@admin.register(StaffQualification)
class StaffQualificationAdmin(ReadOnlyAdmin):
    list_display = ["user", "paediatric_first_aid_expires", "level_6_qualified"]
    list_select_related = ["user"]


@admin.register(StaffOnDuty)
class StaffOnDutyAdmin(ReadOnlyAdmin):
    list_display = ["id", "creche_session", "user", "signed_on_at", "signed_off_at"]
    list_select_related = ["creche_session", "user"]
