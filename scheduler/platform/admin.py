"""Admin for staff accounts and API tokens."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from scheduler.models.accounts import ApiToken, User
from scheduler.platform.admin_base import ReadOnlyAdmin
from scheduler.platform.auth import token_revoke
from scheduler.platform.mfa import mfa_reset


@admin.register(User)
class GroupworkUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (*UserAdmin.fieldsets, ("Groupwork", {"fields": ("role",)}))  # type: ignore[misc]
    actions = ["reset_two_step"]

    @admin.action(description="Reset two-step verification (lost phone): they enrol again")
    def reset_two_step(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            mfa_reset(user=user)
        self.message_user(request, f"Two-step verification reset for {len(queryset)} user(s).")


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Tokens are issued by their owner (/api/me/tokens) or `manage.py create_api_token`, which
    show the secret once; here an administrator can only see and revoke them."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    exclude = ("digest",)
    actions = ["revoke"]

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            token_revoke(token=token)
