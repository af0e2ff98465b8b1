"""Programmes API: catalogue, runs, participants, referrals, enrolments, waiting lists, safety.

Each operation parses input, checks the role, and calls one service or selector.
"""

from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import paginate

from programmes import selectors, services
from programmes.api_helpers import facilitator_may_see_run
from programmes.models import (
    Assessment,
    Enrolment,
    GroupRun,
    KeepApartLink,
    Participant,
    PartnerSupportLink,
    PlaceOffer,
    ProgrammeType,
    Referral,
    WaitingListEntry,
)
from programmes.outcome_views import attach_outcomes
from programmes.schemas import (
    AcceptIn,
    AssessmentIn,
    DeclineIn,
    DemographicsIn,
    EnrolmentEventOut,
    EnrolmentIn,
    EnrolmentOut,
    EntryOut,
    KeepApartIn,
    KeepApartOut,
    MoveIn,
    OfferIn,
    OfferOut,
    OverrideIn,
    ParticipantIn,
    ParticipantOut,
    ParticipantUpdateIn,
    PartnerStatusOut,
    PartnerSupportIn,
    PartnerSupportOut,
    ProgrammeIn,
    ProgrammeOut,
    ProgrammePatch,
    QueryId,
    ReferralIn,
    ReferralOut,
    ReferralUpdateIn,
    RemoveIn,
    RunIn,
    RunOut,
    RunPatch,
    TopicIn,
    TopicOut,
    TransitionIn,
)
from scheduler.models import Funder, Room, User, Venue
from scheduler.platform.audit import audited
from scheduler.platform.auth import allow
from scheduler.platform.errors import ErrorOut
from scheduler.platform.pagination import BoundedPagination, annotated_pagination
from scheduler.platform.permissions import PERSONAL_RECORD_READERS, PLANNERS, REGISTER_TAKERS
from scheduler.platform.references import body_object, body_objects, optional_body_object
from scheduler.platform.requests import AuthedRequest
from scheduler.platform.roles import Role

router = Router(tags=["programmes"])

# The catalogue and runs are not personal records: managers may read them too.
CATALOGUE_READERS = (*REGISTER_TAKERS, Role.MANAGER)
E422 = {422: ErrorOut}


# --- Programme types ---------------------------------------------------------------------------

@router.get("/programmes", response=list[ProgrammeOut], auth=allow(*CATALOGUE_READERS))
@paginate(BoundedPagination)
def programme_list(request: AuthedRequest) -> Any:
    return selectors.programmes_list()


@router.post("/programmes", response={201: ProgrammeOut, **E422}, auth=allow(*PLANNERS))
def programme_create(request: AuthedRequest, payload: ProgrammeIn) -> Any:
    data = payload.dict(exclude={"topics"})
    topics = [t.dict() for t in payload.topics]
    programme = services.programme_create(data=data, topics=topics)
    return Status(201, selectors.programmes_list().get(pk=programme.pk))


@router.get("/programmes/{int:programme_id}", response=ProgrammeOut,
            auth=allow(*CATALOGUE_READERS))
def programme_get(request: AuthedRequest, programme_id: QueryId) -> Any:
    return get_object_or_404(selectors.programmes_list(), pk=programme_id)


@router.patch("/programmes/{int:programme_id}", response={200: ProgrammeOut, **E422},
              auth=allow(*PLANNERS))
def programme_patch(request: AuthedRequest, programme_id: int, payload: ProgrammePatch) -> Any:
    programme = get_object_or_404(ProgrammeType, pk=programme_id)
    services.programme_update(programme=programme, changes=payload.dict(exclude_unset=True))
    return selectors.programmes_list().get(pk=programme.pk)


@router.get("/programmes/{int:programme_id}/topics", response=list[TopicOut],
            auth=allow(*CATALOGUE_READERS))
def topic_list(request: AuthedRequest, programme_id: QueryId) -> Any:
    return get_object_or_404(ProgrammeType, pk=programme_id).topics.order_by("order")


@router.put("/programmes/{int:programme_id}/topics", response={200: list[TopicOut], **E422},
            auth=allow(*PLANNERS))
def topic_replace(request: AuthedRequest, programme_id: int, payload: list[TopicIn]) -> Any:
    programme = get_object_or_404(ProgrammeType, pk=programme_id)
    return services.programme_set_topics(programme=programme,
                                         topics=[t.dict() for t in payload])


# --- Runs ------------------------------------------------------------------------------------

@router.get("/runs", response=list[RunOut], auth=allow(*CATALOGUE_READERS))
@paginate(BoundedPagination)
def run_list(request: AuthedRequest, programme_id: QueryId | None = None) -> Any:
    runs = selectors.runs_visible_to(user=request.user)
    return runs if programme_id is None else runs.filter(programme_id=programme_id)


@router.post("/runs", response={201: RunOut, **E422}, auth=allow(*PLANNERS))
def run_create(request: AuthedRequest, payload: RunIn) -> Any:
    run = services.run_create(
        programme=body_object(ProgrammeType, payload.programme_id, "programme_id"),
        name=payload.name, capacity=payload.capacity, status=payload.status,
        creche_places=payload.creche_places,
        venue=body_object(Venue, payload.venue_id, "venue_id"),
        room=body_object(Room, payload.room_id, "room_id") if payload.room_id else None,
        facilitators=body_objects(User, payload.facilitator_ids, "facilitator_ids"),
        funder=optional_body_object(Funder, payload.funder_id, "funder_id"))
    return Status(201, selectors.runs_visible_to(user=request.user).get(pk=run.pk))


@router.get("/runs/{int:run_id}", response=RunOut, auth=allow(*CATALOGUE_READERS))
def run_get(request: AuthedRequest, run_id: QueryId) -> Any:
    return get_object_or_404(selectors.runs_visible_to(user=request.user), pk=run_id)


@router.patch("/runs/{int:run_id}", response={200: RunOut, **E422}, auth=allow(*PLANNERS))
def run_patch(request: AuthedRequest, run_id: int, payload: RunPatch) -> Any:
    run = get_object_or_404(GroupRun, pk=run_id)
    changes = payload.dict(exclude_unset=True, exclude={"facilitator_ids"})
    if "venue_id" in changes:
        changes["venue"] = body_object(Venue, changes.pop("venue_id"), "venue_id")
    if "room_id" in changes:
        room_id = changes.pop("room_id")
        changes["room"] = body_object(Room, room_id, "room_id") if room_id else None
    ids = payload.facilitator_ids
    services.run_update(run=run, changes=changes, facilitators=None if ids is None else
                        body_objects(User, ids, "facilitator_ids"))
    return selectors.runs_visible_to(user=request.user).get(pk=run.pk)


# --- Participants --------------------------------------------------------------------------

@router.get("/participants", response=list[ParticipantOut],
            auth=allow(*PERSONAL_RECORD_READERS))
@paginate(BoundedPagination)
@audited("list", "participant")
def participant_list(request: AuthedRequest) -> Any:
    return selectors.participants_visible_to(user=request.user)


@router.post("/participants", response={201: ParticipantOut, **E422}, auth=allow(*PLANNERS))
def participant_create(request: AuthedRequest, payload: ParticipantIn) -> Any:
    participant = services.participant_create(
        known_as=payload.known_as, legal_name=payload.legal_name, address=payload.address,
        demographics=payload.demographics.dict(exclude_none=True))
    return Status(201, selectors.participants_visible_to(user=request.user).get(
        pk=participant.pk))


@router.get("/participants/{int:participant_id}", response=ParticipantOut,
            auth=allow(*PERSONAL_RECORD_READERS))
@audited("read", "participant", "participant_id")
def participant_get(request: AuthedRequest, participant_id: int) -> Any:
    return get_object_or_404(selectors.participants_visible_to(user=request.user),
                             pk=participant_id)


@router.put("/participants/{int:participant_id}", response={200: ParticipantOut, **E422},
            auth=allow(*PLANNERS))
def participant_update(request: AuthedRequest, participant_id: int,
                       payload: ParticipantUpdateIn) -> Any:
    participant = get_object_or_404(Participant, pk=participant_id)
    services.participant_update(
        participant=participant, known_as=payload.known_as, legal_name=payload.legal_name,
        address=payload.address, demographics=payload.demographics.dict(exclude_none=True),
        expected_version=payload.version)
    return selectors.participants_visible_to(user=request.user).get(pk=participant.pk)


@router.put("/participants/{int:participant_id}/demographics",
            response={200: ParticipantOut, **E422}, auth=allow(*PLANNERS))
def demographics_update(request: AuthedRequest, participant_id: int,
                        payload: DemographicsIn) -> Any:
    participant = get_object_or_404(Participant, pk=participant_id)
    services.demographics_update(participant=participant,
                                 answers=payload.dict(exclude_none=True))
    return selectors.participants_visible_to(user=request.user).get(pk=participant.pk)


# --- Referrals and assessments -----------------------------------------------------------------

@router.get("/referrals", response=list[ReferralOut], auth=allow(*PLANNERS))
@paginate(BoundedPagination)
@audited("list", "referral")
def referral_list(request: AuthedRequest, programme_id: QueryId | None = None,
                  participant_id: QueryId | None = None) -> Any:
    return selectors.referrals_list(programme_id=programme_id, participant_id=participant_id)


@router.post("/referrals", response={201: ReferralOut, **E422}, auth=allow(*PLANNERS))
def referral_create(request: AuthedRequest, payload: ReferralIn) -> Any:
    referral = services.referral_create(
        participant=body_object(Participant, payload.participant_id, "participant_id"),
        programme=body_object(ProgrammeType, payload.programme_id, "programme_id"),
        source=payload.source, referring_agency=payload.referring_agency,
        referred_on=payload.referred_on, priority=payload.priority,
        method_of_access=payload.method_of_access or "", by=request.user)
    return Status(201, selectors.referrals_list().get(pk=referral.pk))


@router.get("/referrals/{int:referral_id}", response=ReferralOut, auth=allow(*PLANNERS))
@audited("read", "referral", "referral_id")
def referral_get(request: AuthedRequest, referral_id: int) -> Any:
    return get_object_or_404(selectors.referrals_list(), pk=referral_id)


@router.put("/referrals/{int:referral_id}", response={200: ReferralOut, **E422},
            auth=allow(*PLANNERS))
def referral_update(request: AuthedRequest, referral_id: int, payload: ReferralUpdateIn) -> Any:
    referral = get_object_or_404(Referral, pk=referral_id)
    services.referral_update(referral=referral, source=payload.source,
                             referring_agency=payload.referring_agency,
                             referred_on=payload.referred_on, priority=payload.priority,
                             expected_version=payload.version)
    return selectors.referrals_list().get(pk=referral_id)


@router.post("/referrals/{int:referral_id}/assessment", response={200: ReferralOut, **E422},
             auth=allow(*PLANNERS))
def assessment_record(request: AuthedRequest, referral_id: int, payload: AssessmentIn) -> Any:
    assessment = get_object_or_404(Assessment, referral_id=referral_id)
    services.assessment_record(assessment=assessment, by=request.user,
                               **payload.dict())
    return selectors.referrals_list().get(pk=referral_id)


# --- Enrolments ----------------------------------------------------------------------------

def _enrolment_out(enrolment: Enrolment) -> Enrolment:
    row = selectors.enrolments_for_run(run_id=enrolment.run_id).get(pk=enrolment.pk)
    return attach_outcomes([row])[0]


@router.get("/enrolments", response=list[EnrolmentOut], auth=allow(*PERSONAL_RECORD_READERS))
@paginate(annotated_pagination(attach_outcomes))
@audited("list", "enrolment")
def enrolment_list(request: AuthedRequest, run_id: QueryId) -> Any:
    facilitator_may_see_run(request.user, run_id)
    return selectors.enrolments_for_run(run_id=run_id)


@router.post("/enrolments", response={201: EnrolmentOut, **E422}, auth=allow(*PLANNERS))
def enrolment_create(request: AuthedRequest, payload: EnrolmentIn) -> Any:
    enrolment = services.enrolment_create(
        participant=body_object(Participant, payload.participant_id, "participant_id"),
        run=body_object(GroupRun, payload.run_id, "run_id"), status=payload.status,
        joined_at=payload.joined_at, reason_code=payload.reason_code or "",
        reason=payload.reason, override_reason=payload.override_reason,
        by=request.user, funder=optional_body_object(Funder, payload.funder_id, "funder_id"))
    return Status(201, _enrolment_out(enrolment))


@router.post("/enrolments/{int:enrolment_id}/transition", response={200: EnrolmentOut, **E422},
             auth=allow(*PLANNERS))
def enrolment_transition(request: AuthedRequest, enrolment_id: int, payload: TransitionIn) -> Any:
    enrolment = get_object_or_404(Enrolment, pk=enrolment_id)
    services.enrolment_transition(enrolment=enrolment, to_status=payload.to_status,
                                  reason_code=payload.reason_code or "", reason=payload.reason,
                                  override_reason=payload.override_reason,
                                  by=request.user)
    return _enrolment_out(enrolment)


@router.post("/enrolments/{int:enrolment_id}/completion-override",
             response={200: EnrolmentOut, **E422}, auth=allow(*PLANNERS))
def enrolment_override(request: AuthedRequest, enrolment_id: int, payload: OverrideIn) -> Any:
    enrolment = get_object_or_404(Enrolment, pk=enrolment_id)
    services.enrolment_override_completion(enrolment=enrolment, completed=payload.completed,
                                           reason=payload.reason, by=request.user)
    return _enrolment_out(enrolment)


@router.get("/enrolments/{int:enrolment_id}/events", response=list[EnrolmentEventOut],
            auth=allow(*PLANNERS))
def enrolment_events(request: AuthedRequest, enrolment_id: int) -> Any:
    return get_object_or_404(Enrolment, pk=enrolment_id).events.all()


# --- Waiting list ----------------------------------------------------------------------------

@router.get("/waiting-list", response=list[EntryOut], auth=allow(*PLANNERS))
@paginate(BoundedPagination)
def waiting_list(request: AuthedRequest, programme_id: QueryId) -> Any:
    get_object_or_404(ProgrammeType, pk=programme_id)
    return selectors.waiting_list_for(programme_id=programme_id)


@router.post("/waiting-list/{int:entry_id}/move", response={200: EntryOut, **E422},
             auth=allow(*PLANNERS))
def waiting_list_move(request: AuthedRequest, entry_id: int, payload: MoveIn) -> Any:
    entry = get_object_or_404(WaitingListEntry.objects.select_related("participant"),
                              pk=entry_id)
    return services.waiting_list_move(entry=entry, to_position=payload.to_position,
                                      reason=payload.reason, by=request.user)


@router.post("/waiting-list/{int:entry_id}/remove", response={200: EntryOut, **E422},
             auth=allow(*PLANNERS))
def waiting_list_remove(request: AuthedRequest, entry_id: int, payload: RemoveIn) -> Any:
    entry = get_object_or_404(WaitingListEntry.objects.select_related("participant"),
                              pk=entry_id)
    return services.waiting_list_remove(entry=entry, reason=payload.reason,
                                        by=request.user)


@router.post("/waiting-list/{int:entry_id}/offer", response={201: OfferOut, **E422},
             auth=allow(*PLANNERS))
def place_offer(request: AuthedRequest, entry_id: int, payload: OfferIn) -> Any:
    entry = get_object_or_404(WaitingListEntry, pk=entry_id)
    return Status(201, services.place_offer(entry=entry,
                                     run=body_object(GroupRun, payload.run_id, "run_id"),
                                     expires_at=payload.expires_at,
                                     override_reason=payload.override_reason,
                                     by=request.user))


@router.post("/waiting-list/offers/{int:offer_id}/accept", response={200: OfferOut, **E422},
             auth=allow(*PLANNERS))
def offer_accept(request: AuthedRequest, offer_id: int,
                 payload: AcceptIn | None = None) -> Any:
    offer = get_object_or_404(PlaceOffer, pk=offer_id)
    return services.offer_accept(offer=offer, by=request.user,
                                 override_reason=payload.override_reason if payload else "")


@router.post("/waiting-list/offers/{int:offer_id}/decline", response={200: OfferOut, **E422},
             auth=allow(*PLANNERS))
def offer_decline(request: AuthedRequest, offer_id: int, payload: DeclineIn) -> Any:
    offer = get_object_or_404(PlaceOffer, pk=offer_id)
    return services.offer_decline(offer=offer, reason=payload.reason, by=request.user)


# --- Keep-apart (coordinators only) and partner support ---------------------------------------

@router.get("/keep-apart", response=list[KeepApartOut], auth=allow(*PLANNERS))
@paginate(BoundedPagination)
def keep_apart_list(request: AuthedRequest, participant_id: QueryId | None = None,
                    include_ended: bool = False) -> Any:
    return selectors.keep_apart_links(participant_id=participant_id,
                                      include_ended=include_ended)


@router.post("/keep-apart", response={201: KeepApartOut, **E422}, auth=allow(*PLANNERS))
def keep_apart_create(request: AuthedRequest, payload: KeepApartIn) -> Any:
    return Status(201, services.keep_apart_create(
        first=body_object(Participant, payload.first_id, "first_id"),
        second=body_object(Participant, payload.second_id, "second_id"),
        reason=payload.reason, buffer_minutes=payload.buffer_minutes, by=request.user))


@router.post("/keep-apart/{int:link_id}/end", response=KeepApartOut, auth=allow(*PLANNERS))
def keep_apart_end(request: AuthedRequest, link_id: int) -> Any:
    link = get_object_or_404(KeepApartLink, pk=link_id)
    return services.keep_apart_end(link=link, by=request.user)


@router.post("/partner-support", response={201: PartnerSupportOut, **E422},
             auth=allow(*PLANNERS))
def partner_support_create(request: AuthedRequest, payload: PartnerSupportIn) -> Any:
    enrolment = body_object(Enrolment.objects.select_related("run__programme"),
                            payload.enrolment_id, "enrolment_id")
    worker = body_object(User, payload.worker_id, "worker_id")
    return Status(201, services.partner_support_link_create(enrolment=enrolment, worker=worker,
                                                     by=request.user))


@router.post("/partner-support/{int:link_id}/end", response=PartnerSupportOut,
             auth=allow(*PLANNERS))
def partner_support_end(request: AuthedRequest, link_id: int) -> Any:
    link = get_object_or_404(PartnerSupportLink, pk=link_id)
    return services.partner_support_link_end(link=link)


@router.get("/partner-support/mine", response=list[PartnerStatusOut],
            auth=allow(*PERSONAL_RECORD_READERS))
def partner_support_mine(request: AuthedRequest) -> Any:
    return selectors.partner_statuses_for(worker=request.user)
