"""The landing page: what the signed-in member of staff needs today."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.defaults import page_not_found

from scheduler.selectors import sessions_for_user_on


@login_required
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    sessions = sessions_for_user_on(user=request.user, day=today)  # type: ignore[arg-type]
    return render(request, "scheduler/home.html", {"sessions": sessions, "today": today})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 for URLs no route matches: JSON under /api/ (clients parse it), a page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not Found"}, status=404)
    return page_not_found(request, exception)  # type: ignore[arg-type]
