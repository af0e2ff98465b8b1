"""Waiting lists: queue order, manual moves with reasons, and time-limited offers of a place."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from programmes.enums import PRIORITY_RANK, EntryStatus, OfferStatus, Priority
from programmes.enums import EnrolmentStatus as S
from programmes.enums import TransitionReason as R
from programmes.models import (
    Enrolment,
    EnrolmentEvent,
    GroupRun,
    PlaceOffer,
    Referral,
    WaitingListEntry,
    WaitingListMove,
)
from programmes.services.capacity import lock_run_with_place, open_offers_expired
from programmes.services.eligibility import check_eligible
from programmes.services.enrolments import record_transition
from programmes.services.placement import placement_guard, placement_override_record
from scheduler.models import User

ACTIVE = (EntryStatus.WAITING, EntryStatus.OFFERED)


def _rank_at(day: dt.date) -> dt.datetime:
    # The referral date, with the time of entry so same-day referrals keep arrival order.
    now = timezone.localtime()
    return dt.datetime.combine(day, now.timetz().replace(tzinfo=None), tzinfo=now.tzinfo)


@transaction.atomic
def waiting_list_add(*, referral: Referral) -> WaitingListEntry:
    if WaitingListEntry.objects.filter(programme=referral.programme_id,
                                       participant=referral.participant_id,
                                       status__in=ACTIVE).exists():
        raise ValidationError({"participant_id": "Already on this waiting list."})
    return WaitingListEntry.objects.create(
        programme_id=referral.programme_id, participant_id=referral.participant_id,
        referral=referral, priority=referral.priority, referred_on=referral.referred_on,
        rank_priority=PRIORITY_RANK[Priority(referral.priority)],
        rank_at=_rank_at(referral.referred_on))


def queue(programme_id: int) -> list[WaitingListEntry]:
    return list(WaitingListEntry.objects.filter(programme_id=programme_id, status__in=ACTIVE))


@transaction.atomic
def waiting_list_move(*, entry: WaitingListEntry, to_position: int, reason: str,
                      by: User) -> WaitingListEntry:
    """Move an entry to a 1-based position in its programme's queue; the reason is kept."""
    if not reason.strip():
        raise ValidationError({"reason": "Record why the order is being changed."})
    current = queue(entry.programme_id)
    ids = [e.pk for e in current]
    if entry.pk not in ids:
        raise ValidationError({"entry_id": "This entry is no longer waiting."})
    if not 1 <= to_position <= len(current):
        raise ValidationError({"to_position": f"Must be between 1 and {len(current)}."})
    from_position = ids.index(entry.pk) + 1
    others = _spread_ties([e for e in current if e.pk != entry.pk])
    before = others[to_position - 2] if to_position > 1 else None
    after = others[to_position - 1] if to_position <= len(others) else None
    entry.rank_priority, entry.rank_at = _between(before, after, entry)
    entry.save(update_fields=["rank_priority", "rank_at"])
    WaitingListMove.objects.create(entry=entry, from_position=from_position,
                                   to_position=to_position, reason=reason.strip()[:300], by=by)
    return entry


def _spread_ties(entries: list[WaitingListEntry]) -> list[WaitingListEntry]:
    """Make queue keys strictly increasing (same-moment entries), keeping the order, so
    there is always room to move an entry between two others."""
    gap = dt.timedelta(milliseconds=1)
    for prev, entry in zip(entries, entries[1:], strict=False):
        if entry.rank_priority == prev.rank_priority and entry.rank_at <= prev.rank_at:
            entry.rank_at = prev.rank_at + gap
            entry.save(update_fields=["rank_at"])
    return entries


def _between(before: WaitingListEntry | None, after: WaitingListEntry | None,
             entry: WaitingListEntry) -> tuple[int, dt.datetime]:
    """A (priority rank, moment) that sorts after `before` and ahead of `after`."""
    step = dt.timedelta(seconds=1)
    if before is not None and after is not None and after.rank_priority == before.rank_priority:
        return before.rank_priority, before.rank_at + (after.rank_at - before.rank_at) / 2
    if before is not None:  # last of its priority group: just behind it
        return before.rank_priority, before.rank_at + step
    if after is not None:
        return after.rank_priority, after.rank_at - step
    return entry.rank_priority, entry.rank_at


@transaction.atomic
def waiting_list_remove(*, entry: WaitingListEntry, reason: str, by: User) -> WaitingListEntry:
    if not reason.strip():
        raise ValidationError({"reason": "Record why the entry is being removed."})
    entry.status, entry.left_at = EntryStatus.REMOVED, timezone.now()
    entry.save(update_fields=["status", "left_at"])
    return entry


@transaction.atomic
def place_offer(*, entry: WaitingListEntry, run: GroupRun, expires_at: dt.datetime,
                override_reason: str = "", by: User | None = None) -> PlaceOffer:
    """Offer a place on a run. Capacity (open offers + enrolled) is checked under a lock on
    the run row, so concurrent offers for the last place cannot both succeed. A keep-apart
    conflict is refused unless a coordinator gives `override_reason` (audited)."""
    if run.programme_id != entry.programme_id:
        raise ValidationError({"run_id": "This run is for a different programme."})
    if expires_at <= timezone.now():
        raise ValidationError({"expires_at": "Must be in the future."})
    locked = _waiting_again_if_lapsed(WaitingListEntry.objects.select_for_update().get(pk=entry.pk))
    if locked.status != EntryStatus.WAITING:
        raise ValidationError({"entry_id": "This entry is not waiting for a place."})
    lock_run_with_place(run_id=run.pk)
    check_eligible(participant=locked.participant_id, programme=run.programme)
    conflicts = placement_guard(participant_id=locked.participant_id, run=run, by=by,
                                override_reason=override_reason)
    enrolment = _enrolment_for_offer(locked, run, by)
    placement_override_record(enrolment=enrolment, conflicts=conflicts, path="offer",
                              reason=override_reason, by=by)
    locked.status = EntryStatus.OFFERED
    locked.save(update_fields=["status"])
    return PlaceOffer.objects.create(entry=locked, enrolment=enrolment, run=run,
                                     expires_at=expires_at, made_by=by)


def _waiting_again_if_lapsed(entry: WaitingListEntry) -> WaitingListEntry:
    """An entry whose offer expired before the scheduled task closed it is waiting again."""
    if entry.status == EntryStatus.OFFERED:
        for offer in open_offers_expired(entry_id=entry.pk):
            _close(offer, OfferStatus.EXPIRED, R.OFFER_EXPIRED, None)
        entry.refresh_from_db(fields=["status"])
    return entry


def _enrolment_for_offer(entry: WaitingListEntry, run: GroupRun,
                         by: User | None) -> Enrolment:
    enrolment = Enrolment.objects.filter(participant_id=entry.participant_id, run=run).first()
    if enrolment is None:
        enrolment = Enrolment.objects.create(participant_id=entry.participant_id, run=run,
                                             status=S.OFFERED, joined_at=timezone.now())
        EnrolmentEvent.objects.create(enrolment=enrolment, to_status=S.OFFERED,
                                      reason_code=R.PLACE_OFFERED, by=by)
        return enrolment
    if enrolment.status not in (S.WITHDRAWN, S.REFERRED, S.ASSESSED, S.WAITING):
        raise ValidationError({"entry_id": "Already has a place on this run."})
    record_transition(enrolment=enrolment, to_status=S.OFFERED, reason_code=R.PLACE_OFFERED,
                      by=by)
    enrolment.left_at = None
    enrolment.save(update_fields=["left_at"])
    return enrolment


def _open_offer(offer: PlaceOffer) -> PlaceOffer:
    locked = PlaceOffer.objects.select_for_update().select_related("enrolment", "entry").get(
        pk=offer.pk)
    if locked.status != OfferStatus.OPEN:
        raise ValidationError({"offer_id": f"This offer is already {locked.status}."})
    if locked.expires_at <= timezone.now():
        raise ValidationError({"offer_id": "This offer has expired."})
    return locked


def _close(offer: PlaceOffer, status: str, reason_code: str, by: User | None,
           reason: str = "") -> None:
    offer.status, offer.responded_at = status, timezone.now()
    offer.save(update_fields=["status", "responded_at"])
    entry = offer.entry
    entry.status = EntryStatus.PLACED if status == OfferStatus.ACCEPTED else EntryStatus.WAITING
    entry.left_at = offer.responded_at if status == OfferStatus.ACCEPTED else None
    entry.save(update_fields=["status", "left_at"])
    to_status = S.ENROLLED if status == OfferStatus.ACCEPTED else S.WITHDRAWN
    record_transition(enrolment=offer.enrolment, to_status=to_status, reason_code=reason_code,
                      reason=reason, by=by)


@transaction.atomic
def offer_accept(*, offer: PlaceOffer, override_reason: str = "",
                 by: User | None = None) -> PlaceOffer:
    """The participant takes the place: enrolled from now (earlier sessions not expected).

    The run row is locked first, as place_offer does, so an offer accepted at the instant it
    expires cannot race a new offer that already counted its place as free. Keep-apart is
    checked again (links or sessions may have changed since the offer); links overridden when
    the offer was made need no new reason."""
    run = GroupRun.objects.select_for_update().get(pk=offer.run_id)
    locked = _open_offer(offer)
    conflicts = placement_guard(participant_id=locked.enrolment.participant_id, run=run, by=by,
                                override_reason=override_reason, enrolment=locked.enrolment)
    placement_override_record(enrolment=locked.enrolment, conflicts=conflicts, path="accept",
                              reason=override_reason, by=by)
    locked.enrolment.joined_at = timezone.now()
    locked.enrolment.save(update_fields=["joined_at"])
    _close(locked, OfferStatus.ACCEPTED, R.OFFER_ACCEPTED, by)
    return locked


@transaction.atomic
def offer_decline(*, offer: PlaceOffer, reason: str = "", by: User | None = None) -> PlaceOffer:
    """Declined: the participant stays on the waiting list for a later run."""
    locked = _open_offer(offer)
    _close(locked, OfferStatus.DECLINED, R.OFFER_DECLINED, by, reason)
    return locked


@transaction.atomic
def offers_expire(*, run_id: int | None = None) -> int:
    """Close every open offer past its expiry (the scheduled task calls this)."""
    expired = open_offers_expired(run_id=run_id)
    for offer in expired:
        _close(offer, OfferStatus.EXPIRED, R.OFFER_EXPIRED, None)
    return len(expired)
