"""Admin: for support and audit. Marks are changed through the register (register_submit),
so here they are read-only; revisions are the audit trail."""

from django.contrib import admin

from attendance.models import Mark, MarkRevision, PopulationFigure, Register
from scheduler.platform.admin_base import ReadOnlyAdmin


@admin.register(Register)
class RegisterAdmin(ReadOnlyAdmin):
    list_display = ["session", "taken_by", "taken_at", "updated_at"]
    list_select_related = ["session__run", "taken_by"]
    date_hierarchy = "taken_at"


@admin.register(Mark)
class MarkAdmin(ReadOnlyAdmin):
    list_display = ["session", "enrolment_id", "status", "recorded_by", "recorded_at"]
    list_filter = ["status"]
    list_select_related = ["session__run", "recorded_by"]


@admin.register(MarkRevision)
class MarkRevisionAdmin(ReadOnlyAdmin):
    list_display = ["session", "enrolment_id", "status", "applied", "client_nonce",
                    "recorded_by", "recorded_at", "received_at"]
    list_filter = ["applied", "status"]
    list_select_related = ["session__run", "recorded_by"]


@admin.register(PopulationFigure)
class PopulationFigureAdmin(ReadOnlyAdmin):
    """Entered on the population page (attendance.population.population_set)."""

    list_display = ["locality", "characteristic", "category", "residents", "source",
                    "updated_at"]
    list_filter = ["characteristic"]
    list_select_related = ["locality"]
