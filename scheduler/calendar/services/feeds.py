"""Secret calendar-feed URLs: issued once, looked up by hash, revocable."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from programmes.models import GroupRun
from scheduler.models import FeedKind, FeedToken, User, Venue
from scheduler.models.accounts import token_digest
from scheduler.platform.permissions import sees_all_sessions
from scheduler.platform.references import body_object

SUBJECTS: dict[str, Any] = {FeedKind.FACILITATOR: User, FeedKind.VENUE: Venue,
                            FeedKind.RUN: GroupRun}


def may_issue_feed(*, user: User, kind: str, subject_id: int) -> bool:
    """Planners issue any feed; a facilitator only their own."""
    return sees_all_sessions(user) or (kind, subject_id) == (FeedKind.FACILITATOR, user.pk)


def feed_issue(*, kind: str, subject_id: int, by: User) -> tuple[FeedToken, str]:
    """A feed for the subject named by id, if `by` may issue it (else PermissionDenied)."""
    if not may_issue_feed(user=by, kind=kind, subject_id=subject_id):
        raise PermissionDenied("Facilitators may only create their own feed")
    return feed_create(kind=kind, subject=body_object(SUBJECTS[kind], subject_id, "subject_id"),
                       by=by)


def feed_create(*, kind: str, subject: User | Venue | GroupRun, by: User) -> tuple[FeedToken, str]:
    """A new feed token; the raw value is returned once and never stored."""
    raw = secrets.token_urlsafe(32)
    subject_field = {FeedKind.FACILITATOR: "facilitator", FeedKind.VENUE: "venue",
                     FeedKind.RUN: "run"}[FeedKind(kind)]
    token = FeedToken.objects.create(kind=kind, digest=token_digest(raw), prefix=raw[:8],
                                     created_by=by, **{subject_field: subject})
    return token, raw


def feed_revoke(*, token: FeedToken) -> None:
    FeedToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
