"""Read-only admin: changes go through services (history, consent re-checks, validation).
Numbers are shown masked."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from notifications.models import ContactEvent, Message, MessageTemplate, SafeContact
from notifications.safety import mask_phone


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ContactEventInline(admin.TabularInline):
    model = ContactEvent
    fields = ("at", "kind", "reason", "by", "source")
    readonly_fields = ("at", "kind", "reason", "by", "source")
    extra = 0
    can_delete = False


@admin.register(SafeContact)
class SafeContactAdmin(ReadOnlyAdmin):
    list_display = ["participant", "masked_phone", "safe_to_text", "has_consent", "suspended_at",
                    "opted_out_at"]
    exclude = ["phone"]
    readonly_fields = ["masked_phone"]
    inlines = [ContactEventInline]
    list_select_related = ["participant"]

    @admin.display(description="Phone")
    def masked_phone(self, obj: SafeContact) -> str:
        return mask_phone(obj.phone) if obj.phone else ""


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ["id", "participant", "kind", "status", "skip_reason", "scheduled_for",
                    "sent_at", "attempts", "error_code"]
    list_filter = ["status", "kind"]
    list_select_related = ["participant"]


@admin.register(MessageTemplate)
class MessageTemplateAdmin(ReadOnlyAdmin):
    list_display = ["kind", "body", "updated_at", "updated_by"]
