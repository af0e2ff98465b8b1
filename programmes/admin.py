"""Admin for the programmes app. Identity and safety links are for coordinators and admins."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from programmes import models
from scheduler.platform.permissions import PLANNERS


def is_planner(request: HttpRequest) -> bool:
    user: Any = request.user
    return bool(user.is_active and (user.is_superuser or getattr(user, "role", "") in PLANNERS))


class PlannersOnly(admin.ModelAdmin):
    """Restricted records: invisible in the admin to facilitators, managers and crèche staff."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_planner(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_planner(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_planner(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_planner(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_planner(request)


class TopicInline(admin.TabularInline):
    model = models.Topic
    extra = 0


@admin.register(models.ProgrammeType)
class ProgrammeTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "delivery", "audience", "session_count", "completion_min_sessions",
                    "completion_min_percent", "completion_requires_final",
                    "completion_all_core_topics", "is_active"]
    list_filter = ["delivery", "audience", "is_active"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [TopicInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "audience", "age_min", "age_max", "delivery",
                           "output_category", "is_active"]}),
        ("Shape", {"fields": ["session_count", "session_minutes", "min_group_size",
                              "max_group_size", "requires_referral", "requires_assessment"]}),
        ("Completion rule (every part that is set must hold)", {"fields": [
            "completion_min_sessions", "completion_min_percent", "completion_requires_final",
            "completion_all_core_topics"]}),
        ("Attendance policy", {"fields": ["max_consecutive_misses", "max_total_misses",
                                          "catch_ups_allowed"]}),
    ]


@admin.register(models.GroupRun)
class GroupRunAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "venue", "capacity", "status"]
    list_filter = ["status", "programme"]
    list_select_related = ["programme", "venue"]
    filter_horizontal = ["facilitators"]


@admin.register(models.Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["reference", "known_as", "created_at"]
    search_fields = ["reference", "known_as"]
    readonly_fields = ["reference"]


@admin.register(models.ParticipantIdentity)
class ParticipantIdentityAdmin(PlannersOnly):
    list_display = ["participant"]
    search_fields = ["participant__reference"]
    raw_id_fields = ["participant"]


@admin.register(models.Demographics)
class DemographicsAdmin(PlannersOnly):
    list_display = ["participant", "sex", "ethnicity", "locality"]
    raw_id_fields = ["participant"]


class EnrolmentEventInline(admin.TabularInline):
    model = models.EnrolmentEvent
    extra = 0
    readonly_fields = ["from_status", "to_status", "reason_code", "reason", "by", "at"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # history is written by the services only


@admin.register(models.Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["participant", "run", "status", "joined_at"]
    list_filter = ["status"]
    list_select_related = ["participant", "run"]
    raw_id_fields = ["participant", "run"]
    # Status changes go through services (validated, with history): read-only here.
    readonly_fields = ["status", "completion_override", "override_reason"]
    inlines = [EnrolmentEventInline]


@admin.register(models.EnrolmentEvent)
class EnrolmentEventAdmin(admin.ModelAdmin):
    list_display = ["enrolment", "from_status", "to_status", "reason_code", "by", "at"]
    list_filter = ["to_status", "reason_code"]
    list_select_related = ["enrolment", "by"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AssessmentInline(admin.StackedInline):
    model = models.Assessment
    extra = 0


@admin.register(models.Referral)
class ReferralAdmin(PlannersOnly):
    list_display = ["pk", "participant", "programme", "source", "referred_on", "priority",
                    "status", "is_repeat"]
    list_filter = ["programme", "source", "priority", "status", "is_repeat"]
    list_select_related = ["participant", "programme"]
    raw_id_fields = ["participant"]
    inlines = [AssessmentInline]


@admin.register(models.Assessment)
class AssessmentAdmin(PlannersOnly):
    list_display = ["referral", "sessions_held", "did_not_attend", "outcome"]
    list_filter = ["outcome"]


class WaitingListMoveInline(admin.TabularInline):
    model = models.WaitingListMove
    extra = 0
    readonly_fields = ["from_position", "to_position", "reason", "by", "at"]


@admin.register(models.WaitingListEntry)
class WaitingListEntryAdmin(PlannersOnly):
    list_display = ["participant", "programme", "priority", "referred_on", "status"]
    list_filter = ["programme", "status", "priority"]
    list_select_related = ["participant", "programme"]
    raw_id_fields = ["participant", "referral"]
    inlines = [WaitingListMoveInline]


@admin.register(models.PlaceOffer)
class PlaceOfferAdmin(PlannersOnly):
    list_display = ["entry", "run", "status", "expires_at"]
    list_filter = ["status"]
    raw_id_fields = ["entry", "enrolment", "run"]


class KeepApartLinkForm(forms.ModelForm):
    class Meta:
        model = models.KeepApartLink
        fields = ["person_a", "person_b", "reason", "buffer_minutes", "ended_at"]

    def clean(self) -> dict[str, Any]:
        """Either order may be entered; the pair is stored lower id first."""
        data = super().clean() or {}
        a, b = data.get("person_a"), data.get("person_b")
        if a and b and a.pk == b.pk:
            raise forms.ValidationError("A person cannot be kept apart from themselves.")
        if a and b and a.pk > b.pk:
            data["person_a"], data["person_b"] = b, a
            self.instance.person_a, self.instance.person_b = b, a
        return data


@admin.register(models.KeepApartLink)
class KeepApartLinkAdmin(PlannersOnly):
    form = KeepApartLinkForm
    list_display = ["pk", "person_a", "person_b", "buffer_minutes", "created_at", "ended_at"]
    raw_id_fields = ["person_a", "person_b"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(models.PartnerSupportLink)
class PartnerSupportLinkAdmin(PlannersOnly):
    list_display = ["pk", "enrolment", "worker", "created_at", "ended_at"]
    raw_id_fields = ["enrolment"]
    readonly_fields = ["created_by"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
