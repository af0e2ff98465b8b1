"""Map domain errors to 4xx JSON in the same shape as ninja's own 422 body."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema


class ErrorItem(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ErrorOut(Schema):
    """The 422 body: ninja's own shape, also used for service ValidationErrors."""

    detail: list[ErrorItem]


def validation_detail(exc: ValidationError) -> list[dict[str, object]]:
    if hasattr(exc, "error_dict"):
        return [
            {"loc": ["body", field], "msg": message, "type": "value_error"}
            for field, errors in exc.message_dict.items()
            for message in errors
        ]
    return [{"loc": ["body"], "msg": message, "type": "value_error"} for message in exc.messages]


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return api.create_response(request, {"detail": validation_detail(exc)}, status=422)

    @api.exception_handler(PermissionDenied)
    def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)

    @api.exception_handler(ObjectDoesNotExist)
    def on_missing(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
        return api.create_response(request, {"detail": "Not found"}, status=404)
