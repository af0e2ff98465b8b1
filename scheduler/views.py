"""The landing page: what the signed-in member of staff needs today."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from scheduler.calendar.selectors import sessions_for_user_on
from scheduler.platform.requests import AuthedRequest


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    sessions = sessions_for_user_on(user=request.user, day=today)
    return render(request, "scheduler/home.html", {"sessions": sessions, "today": today})
