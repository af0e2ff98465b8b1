"""Admin for feedback, the complaints and compliments log, and next steps: read-only for
planners (the services own every rule), except themes, added through their service.
Feedback shows no person unless she chose to be named (NamedFeedback)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from programmes import models
from programmes.services.comments import comment_theme_create
from scheduler.platform.admin_base import ReadOnlyAdmin, ServiceAddAdmin, ServiceForm
from scheduler.platform.permissions import PLANNERS


def _is_planner(request: HttpRequest) -> bool:
    """As programmes.admin.is_planner (which imports this module, so it cannot be imported)."""
    user: Any = request.user
    return bool(user.is_active and (user.is_superuser or getattr(user, "role", "") in PLANNERS))


class PlannersOnly(ReadOnlyAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_planner(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_planner(request)


@admin.register(models.Feedback)
class FeedbackAdmin(PlannersOnly):
    list_display = ["received_on", "programme", "run", "rating", "mode"]
    list_filter = ["programme", "rating", "mode"]


@admin.register(models.ServiceComment)
class ServiceCommentAdmin(PlannersOnly):
    list_display = ["pk", "kind", "received_on", "channel", "acknowledged_on", "resolved_on",
                    "outcome"]
    list_filter = ["kind", "channel", "outcome"]


@admin.register(models.EnrolmentNextStep)
class NextStepAdmin(PlannersOnly):
    list_display = ["enrolment", "step", "recorded_on", "follow_on_referral"]
    list_filter = ["step"]


class ThemeForm(ServiceForm):
    class Meta:
        model = models.CommentTheme
        fields = ["name"]

    def create(self, data: dict[str, Any], by: Any) -> models.CommentTheme:
        return comment_theme_create(name=data["name"])


@admin.register(models.CommentTheme)
class CommentThemeAdmin(PlannersOnly, ServiceAddAdmin):
    add_form = ThemeForm
    list_display = ["name", "is_active"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_planner(request)
