"""Read-only admin: changes go through services (history, consent re-checks, validation).
Numbers are shown masked."""

from django.contrib import admin

from notifications.models import ContactEvent, Message, MessageTemplate, SafeContact
from notifications.safety import mask_phone
from scheduler.platform.admin_base import ReadOnlyAdmin, ReadOnlyInline


class ContactEventInline(ReadOnlyInline):
    model = ContactEvent
    fields = ("at", "kind", "reason", "by", "source")


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
