"""Places on a run: the one place where capacity is enforced, under a row lock.

Every path that takes a place (an offer, a direct enrolment) calls `lock_run_with_place`
inside its transaction. On PostgreSQL `SELECT … FOR UPDATE` on the run row serialises them,
so two coordinators offering the last place at the same moment cannot both succeed; on
SQLite the IMMEDIATE transaction mode (settings) serialises writers the same way.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from programmes.enums import EnrolmentStatus, OfferStatus, RunStatus
from programmes.models import Enrolment, GroupRun, PlaceOffer

# An open offer holds its place until it expires; completers of a rolling group free theirs.
HOLDS_PLACE = (EnrolmentStatus.OFFERED, EnrolmentStatus.ENROLLED, EnrolmentStatus.STARTED)


def places_taken(*, run_id: int, exclude_enrolment_id: int | None = None) -> int:
    now = timezone.now()
    live_offer = Q(status=EnrolmentStatus.OFFERED, offers__status=OfferStatus.OPEN,
                   offers__expires_at__gt=now)
    held = Q(status__in=[EnrolmentStatus.ENROLLED, EnrolmentStatus.STARTED])
    qs = Enrolment.objects.filter(run_id=run_id).filter(live_offer | held)
    if exclude_enrolment_id is not None:
        qs = qs.exclude(pk=exclude_enrolment_id)
    return qs.distinct().count()


def lock_run_with_place(*, run_id: int, for_enrolment_id: int | None = None) -> GroupRun:
    """Lock the run row, then check a place is free; raise ValidationError when full."""
    run = GroupRun.objects.select_for_update().get(pk=run_id)
    if run.status in (RunStatus.FINISHED, RunStatus.CANCELLED):
        raise ValidationError({"run_id": "This run is finished or cancelled."})
    if places_taken(run_id=run.pk, exclude_enrolment_id=for_enrolment_id) >= run.capacity:
        raise ValidationError({"run_id": "No place left on this run."})
    return run


def open_offers_expired(*, run_id: int | None = None,
                        entry_id: int | None = None) -> list[PlaceOffer]:
    qs = PlaceOffer.objects.filter(status=OfferStatus.OPEN, expires_at__lte=timezone.now())
    if run_id is not None:
        qs = qs.filter(run_id=run_id)
    if entry_id is not None:
        qs = qs.filter(entry_id=entry_id)
    return list(qs.select_related("enrolment", "entry"))
