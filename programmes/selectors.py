"""Reads for the programmes app, scoped to what each role may see.

Identity (legal name, address) is for PLANNERS only. Keep-apart and partner-support links
never appear on a participant's record: they are read through their own selectors, by
coordinators, or by the scheduler/crèche rules that need the pairs (never displayed).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from programmes.enums import OfferStatus
from programmes.models import (
    Enrolment,
    GroupRun,
    KeepApartLink,
    Participant,
    PartnerSupportLink,
    PlaceOffer,
    ProgrammeType,
    Referral,
    Topic,
    WaitingListEntry,
)
from programmes.outcome_seam import outcome_source
from programmes.services.placement import PlacementConflict
from programmes.services.waiting_list import ACTIVE
from scheduler.models import User
from scheduler.platform.permissions import PLANNERS, sees_all_sessions
from scheduler.platform.raw_sql import prepared_cursor


def programmes_list() -> QuerySet[ProgrammeType]:
    return ProgrammeType.objects.prefetch_related(
        Prefetch("topics", queryset=Topic.objects.order_by("order")))


def runs_visible_to(*, user: User) -> QuerySet[GroupRun]:
    qs = GroupRun.objects.select_related("programme", "venue", "room").prefetch_related(
        "facilitators")
    if sees_all_sessions(user):
        return qs
    return qs.filter(facilitators=user)


def sees_identity(user: User) -> bool:
    """Legal name and address: coordinators and admins only (not facilitators or managers)."""
    return user.has_role(*PLANNERS)


def participants_visible_to(*, user: User) -> QuerySet[Participant]:
    """Planners see everyone; a facilitator sees people on the runs they facilitate."""
    qs = Participant.objects.select_related("demographics")
    if sees_identity(user):
        return qs.select_related("identity")
    return qs.filter(enrolments__run__facilitators=user).distinct()


def referrals_list(*, programme_id: int | None = None,
                   participant_id: int | None = None) -> QuerySet[Referral]:
    qs = Referral.objects.select_related("participant", "programme", "assessment")
    if programme_id is not None:
        qs = qs.filter(programme_id=programme_id)
    if participant_id is not None:
        qs = qs.filter(participant_id=participant_id)
    return qs


def waiting_list_for(*, programme_id: int) -> QuerySet[WaitingListEntry]:
    """Active entries in queue order: priority, then referral date (as moved, with reasons).

    `offer_lapsed` is true for an entry whose open offer is past its expiry but not yet closed
    by the scheduled task: it is read as expired (no write on a read)."""
    lapsed = PlaceOffer.objects.filter(entry=OuterRef("pk"), status=OfferStatus.OPEN,
                                       expires_at__lte=timezone.now())
    return (WaitingListEntry.objects.filter(programme_id=programme_id, status__in=ACTIVE)
            .annotate(offer_lapsed=Exists(lapsed)).select_related("participant", "referral"))


def open_offers_for(*, programme_id: int) -> QuerySet[PlaceOffer]:
    """Offers still open and not past their expiry (an expired one is shown as expired even
    before the scheduled task closes it)."""
    return (PlaceOffer.objects.filter(entry__programme_id=programme_id, status=OfferStatus.OPEN,
                                      expires_at__gt=timezone.now())
            .select_related("entry__participant", "run"))


def enrolments_for_run(*, run_id: int) -> QuerySet[Enrolment]:
    return (Enrolment.objects.filter(run_id=run_id)
            .select_related("participant", "run__programme"))


def keep_apart_partners(participant_ids: Iterable[int]) -> dict[int, set[int]]:
    """Active keep-apart partners of each given participant, for clash and collection rules.

    Only ids: callers must never display who the partner is."""
    ids = set(participant_ids)
    out: dict[int, set[int]] = defaultdict(set)
    links = KeepApartLink.objects.filter(ended_at__isnull=True).filter(
        Q(person_a_id__in=ids) | Q(person_b_id__in=ids)).values_list("person_a_id", "person_b_id")
    for a, b in links:
        if a in ids:
            out[a].add(b)
        if b in ids:
            out[b].add(a)
    return dict(out)


def keep_apart_links(*, participant_id: int | None = None,
                     include_ended: bool = False) -> QuerySet[KeepApartLink]:
    qs = KeepApartLink.objects.select_related("person_a", "person_b", "created_by")
    if not include_ended:
        qs = qs.filter(ended_at__isnull=True)
    if participant_id is not None:
        qs = qs.filter(Q(person_a_id=participant_id) | Q(person_b_id=participant_id))
    return qs.order_by("-created_at", "-id")


def partner_links_for_worker(*, worker: User) -> QuerySet[PartnerSupportLink]:
    """The perpetrator enrolments a partner-support worker may follow (status only)."""
    return (PartnerSupportLink.objects.filter(worker=worker, ended_at__isnull=True)
            .select_related("enrolment__run__programme"))


def partner_statuses_for(*, worker: User) -> list[dict[str, object]]:
    """For a partner-support worker: each linked perpetrator's attendance status only."""
    links = list(partner_links_for_worker(worker=worker).select_related("enrolment__participant"))
    outcomes = outcome_source().outcomes_for_enrolments(
        enrolment_ids=[link.enrolment_id for link in links])
    return [{"link_id": link.pk, "participant_reference": link.enrolment.participant.reference,
             "programme": link.enrolment.run.programme.name, "status": link.enrolment.status,
             "outcome": outcomes[link.enrolment_id].outcome.value
             if link.enrolment_id in outcomes else None}
            for link in links]


def placement_conflict_rows(conflicts: Iterable[PlacementConflict]) -> list[dict[str, object]]:
    """A keep-apart warning for a coordinator's page: who, why and when. Restricted: call
    only for PLANNERS (the API and other roles get `conflict_messages` instead)."""
    rows = list(conflicts)
    people = Participant.objects.in_bulk({c.other_participant_id for c in rows})
    links = KeepApartLink.objects.in_bulk({c.link_id for c in rows})
    return [{"other": people[c.other_participant_id], "reason": links[c.link_id].reason,
             "starts_at": c.starts_at, "buffer_minutes": c.buffer_minutes} for c in rows]


def enrolments_for_run_any() -> QuerySet[Enrolment]:
    """Enrolments with what their pages show (participant, run, programme, venue)."""
    return Enrolment.objects.select_related("participant", "run__programme", "run__venue")


_FACILITATORS = GroupRun.facilitators.through._meta
_FACILITATES_SQL = (
    f"SELECT 1 FROM {_FACILITATORS.db_table}"  # noqa: S608 (names from the model, no input)
    f" WHERE {_FACILITATORS.get_field('grouprun').column} = %s"
    f" AND {_FACILITATORS.get_field('user').column} = %s")


def facilitates(*, user_id: int, run_id: int) -> bool:
    """Does this user facilitate this run? Asked by every register save: one prepared
    statement (the ORM's `run.facilitators.filter(...).exists()` cost four times its CPU)."""
    with prepared_cursor() as cursor:
        cursor.execute(_FACILITATES_SQL, [run_id, user_id])
        return cursor.fetchone() is not None
