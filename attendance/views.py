"""Tablet pages for taking registers (stub until the register helper lands)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse


@login_required
def my_sessions(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


@login_required
def register_page(request: HttpRequest, session_id: int) -> HttpResponse:
    return HttpResponse("")
