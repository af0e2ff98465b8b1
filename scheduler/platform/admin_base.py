"""Admin building blocks that keep the admin inside the business rules.

Every model whose writes carry a rule is either read-only here (`ReadOnlyAdmin`,
`ReadOnlyInline`) or added through its service (`ServiceAddAdmin` + `ServiceForm`): the form's
validation *is* the service call, inside the admin's transaction, and the service's
`ValidationError`s come back as form errors. Existing rows stay read-only; changes to them are
admin actions that call services.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse

from scheduler.platform.audit import access_record


class NoWrites:
    """The admin may look but never add, change or delete."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AuditedReads(admin.ModelAdmin):
    """Each admin list and record opened leaves an access record (`admin_<model>`, ids)."""

    def _audit(self, request: HttpRequest, response: HttpResponse, action: str,
               ids: list[str]) -> HttpResponse:
        if response.status_code == 200 and request.method == "GET":
            access_record(request=request, action=action,
                          object_type=f"admin_{self.model._meta.model_name}"[:40], object_ids=ids)
        return response

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        return self._audit(request, response, "list", [])

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: Any = None) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        return self._audit(request, response, "read", [object_id])


class ReadOnlyAdmin(NoWrites, AuditedReads):
    """Rows written by services only: visible, never added, changed or deleted here."""


class ReadOnlyInline(NoWrites, admin.TabularInline):
    """An inline that shows rows and never writes them."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.fields or [field.name for field in self.model._meta.fields]


class ServiceForm(forms.ModelForm):
    """An add form whose save is exactly one service call.

    Subclasses implement `create(data, by)` (call the service, return the new row) and may map
    the service's field names to the form's in `service_fields`; unknown names become
    form-wide errors. Model validation is the service's job, so Django's is skipped."""

    service_fields: ClassVar[dict[str, str]] = {}
    request: ClassVar[HttpRequest | None] = None

    def create(self, data: dict[str, Any], by: Any) -> models.Model:
        raise NotImplementedError

    def _post_clean(self) -> None:
        if self.errors:
            return
        try:
            with transaction.atomic():
                self.instance = self.create(self.cleaned_data, self._by())
        except ValidationError as exc:
            self._add_service_errors(exc)

    def _by(self) -> Any:
        return self.request.user if self.request is not None else None

    def _add_service_errors(self, exc: ValidationError) -> None:
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for name, errors in exc.message_dict.items():
            field = self.service_fields.get(name, name)
            self.add_error(field if field in self.fields else None, errors)


class ServiceAddAdmin(ReadOnlyAdmin):
    """Rows are added through a `ServiceForm` and are read-only afterwards."""

    add_form: ClassVar[type[ServiceForm]]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return admin.ModelAdmin.has_add_permission(self, request)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False,
                 **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = type(self.add_form.__name__, (self.add_form,), {"request": request})
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return () if obj is None else super().get_readonly_fields(request, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """The form's validation already saved the row through the service."""
