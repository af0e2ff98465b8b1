"""Outcome questionnaires in the admin: read-only (every write goes through
programmes.services.measures, so the admin cannot save what the service refuses).
Answers are not shown here at all: they are read through the questionnaire pages."""

from __future__ import annotations

from django.contrib import admin

from programmes.models import Question, Questionnaire, QuestionnaireAttachment
from scheduler.platform.admin_base import ReadOnlyAdmin, ReadOnlyInline


class QuestionInline(ReadOnlyInline):
    model = Question
    fields = ("order", "text", "kind", "scale_min", "scale_max", "higher_is_better")


@admin.register(Questionnaire)
class QuestionnaireAdmin(ReadOnlyAdmin):
    list_display = ["name", "is_active"]
    inlines = [QuestionInline]


@admin.register(QuestionnaireAttachment)
class QuestionnaireAttachmentAdmin(ReadOnlyAdmin):
    list_display = ["programme", "questionnaire", "point"]
    list_filter = ["point"]
