"""Small parsing helpers shared by the programmes API operations."""

from __future__ import annotations

from django.http import Http404

from programmes.models import GroupRun
from scheduler.models import User
from scheduler.platform.permissions import sees_all_sessions


def facilitator_may_see_run(user: User, run_id: int) -> None:
    """A facilitator reads enrolments only on runs they facilitate (others: 404)."""
    runs = GroupRun.objects.filter(pk=run_id)
    if not sees_all_sessions(user):
        runs = runs.filter(facilitators=user)
    if not runs.exists():
        raise Http404


