"""Admin for the programmes app. Rows whose writes carry a rule (capacity, eligibility,
keep-apart, waiting-list order, enrolment history) are read-only here, or added through their
service: keep-apart links (keep_apart_add, ended by keep_apart_end), partner-support links
(partner_support_link_create) and place offers (place_offer). Identity and safety records are
for coordinators and admins only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from programmes import (
    measure_admin,  # noqa: F401  (registers the read-only questionnaire admin)
    models,
    services,
    voice_admin,  # noqa: F401  (registers feedback, the complaints log, next steps)
)
from scheduler.platform.admin_base import (
    ReadOnlyAdmin,
    ReadOnlyInline,
    ServiceAddAdmin,
    ServiceForm,
)
from scheduler.platform.permissions import PLANNERS


def is_planner(request: HttpRequest) -> bool:
    user: Any = request.user
    return bool(user.is_active and (user.is_superuser or getattr(user, "role", "") in PLANNERS))


class PlannersOnly(ReadOnlyAdmin):
    """Restricted records: invisible in the admin to facilitators, managers and crèche staff."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_planner(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_planner(request)


class PlannersAddThroughService(PlannersOnly, ServiceAddAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_planner(request)


class TopicInline(ReadOnlyInline):
    model = models.Topic


@admin.register(models.ProgrammeType)
class ProgrammeTypeAdmin(ReadOnlyAdmin):
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
class GroupRunAdmin(ReadOnlyAdmin):
    list_display = ["name", "programme", "venue", "capacity", "status"]
    list_filter = ["status", "programme"]
    list_select_related = ["programme", "venue"]
    filter_horizontal = ["facilitators"]


@admin.register(models.Participant)
class ParticipantAdmin(ReadOnlyAdmin):
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


class EnrolmentEventInline(ReadOnlyInline):
    model = models.EnrolmentEvent
    fields = ["from_status", "to_status", "reason_code", "reason", "by", "at"]


@admin.register(models.Enrolment)
class EnrolmentAdmin(ReadOnlyAdmin):
    list_display = ["participant", "run", "status", "joined_at"]
    list_filter = ["status"]
    list_select_related = ["participant", "run"]
    raw_id_fields = ["participant", "run"]
    inlines = [EnrolmentEventInline]


@admin.register(models.EnrolmentEvent)
class EnrolmentEventAdmin(ReadOnlyAdmin):
    list_display = ["enrolment", "from_status", "to_status", "reason_code", "by", "at"]
    list_filter = ["to_status", "reason_code"]
    list_select_related = ["enrolment", "by"]


class AssessmentInline(ReadOnlyInline):
    model = models.Assessment


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


class WaitingListMoveInline(ReadOnlyInline):
    model = models.WaitingListMove
    fields = ["from_position", "to_position", "reason", "by", "at"]


@admin.register(models.WaitingListEntry)
class WaitingListEntryAdmin(PlannersOnly):
    list_display = ["participant", "programme", "priority", "referred_on", "status"]
    list_filter = ["programme", "status", "priority"]
    list_select_related = ["participant", "programme"]
    raw_id_fields = ["participant", "referral"]
    inlines = [WaitingListMoveInline]


class PlaceOfferForm(ServiceForm):
    service_fields = {"entry_id": "entry", "run_id": "run"}

    class Meta:
        model = models.PlaceOffer
        fields = ["entry", "run", "expires_at"]

    def create(self, data: dict[str, Any], by: Any) -> models.PlaceOffer:
        return services.place_offer(entry=data["entry"], run=data["run"],
                                    expires_at=data["expires_at"], by=by)


@admin.register(models.PlaceOffer)
class PlaceOfferAdmin(PlannersAddThroughService):
    add_form = PlaceOfferForm
    list_display = ["entry", "run", "status", "expires_at"]
    list_filter = ["status"]
    raw_id_fields = ["entry", "enrolment", "run"]


class KeepApartLinkForm(ServiceForm):
    """Either order may be entered; keep_apart_add stores the pair lower id first."""

    service_fields = {"first_id": "person_a", "second_id": "person_b"}

    class Meta:
        model = models.KeepApartLink
        fields = ["person_a", "person_b", "reason", "buffer_minutes"]

    def create(self, data: dict[str, Any], by: Any) -> models.KeepApartLink:
        return services.keep_apart_add(first=data["person_a"], second=data["person_b"],
                                       reason=data["reason"],
                                       buffer_minutes=data["buffer_minutes"], by=by)


@admin.register(models.KeepApartLink)
class KeepApartLinkAdmin(PlannersAddThroughService):
    add_form = KeepApartLinkForm
    list_display = ["pk", "person_a", "person_b", "buffer_minutes", "created_at", "ended_at"]
    raw_id_fields = ["person_a", "person_b"]
    actions = ["end"]

    @admin.action(description="End the selected links")
    def end(self, request: HttpRequest, queryset: QuerySet[models.KeepApartLink]) -> None:
        by: Any = request.user
        for link in queryset:
            services.keep_apart_end(link=link, by=by)


class PartnerSupportLinkForm(ServiceForm):
    service_fields = {"enrolment_id": "enrolment", "worker_id": "worker"}

    class Meta:
        model = models.PartnerSupportLink
        fields = ["enrolment", "worker"]

    def create(self, data: dict[str, Any], by: Any) -> models.PartnerSupportLink:
        return services.partner_support_link_create(enrolment=data["enrolment"],
                                                    worker=data["worker"], by=by)


@admin.register(models.PartnerSupportLink)
class PartnerSupportLinkAdmin(PlannersAddThroughService):
    add_form = PartnerSupportLinkForm
    list_display = ["pk", "enrolment", "worker", "created_at", "ended_at"]
    raw_id_fields = ["enrolment"]


@admin.register(models.PlacementOverride)
class PlacementOverrideAdmin(PlannersOnly):
    """The keep-apart override audit: read-only, coordinators only (written by the services)."""

    list_display = ("id", "enrolment", "path", "by", "at")
    list_filter = ("path",)
