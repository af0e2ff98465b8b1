"""Secret calendar-feed URLs: issued once, looked up by hash, revocable."""

from __future__ import annotations

import secrets

from django.utils import timezone

from programmes.models import GroupRun
from scheduler.models import FeedKind, FeedToken, User, Venue
from scheduler.models.accounts import token_digest


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
