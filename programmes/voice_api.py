"""Feedback, the complaints and compliments log, and next steps over the API.

Feedback (with its free text) and next steps: staff who read personal records, facilitators
for their own groups only. The log: planners. Managers read counts at /api/reports/voice."""


from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import paginate

from programmes.enums import CommentKind, CommentStatus, ResponseMode
from programmes.measure_selectors import enrolments_visible_to
from programmes.models import CommentTheme, Enrolment, Participant, ProgrammeType
from programmes.schemas import QueryId
from programmes.selectors import runs_visible_to
from programmes.services import comments, feedback, next_steps
from programmes.voice_schemas import (
    AcknowledgeIn,
    CommentIn,
    CommentOut,
    FeedbackIn,
    FeedbackOut,
    NextStepIn,
    NextStepOut,
    ResolveIn,
    ThemeIn,
    ThemeOut,
)
from programmes.voice_selectors import comments_list, feedback_visible_to, next_step_of
from scheduler.platform.auth import allow
from scheduler.platform.errors import ErrorOut
from scheduler.platform.pagination import BoundedPagination
from scheduler.platform.permissions import PERSONAL_RECORD_READERS, PLANNERS
from scheduler.platform.references import body_object, body_objects, optional_body_object
from scheduler.platform.requests import AuthedRequest

router = Router(tags=["voice"])
E422 = {422: ErrorOut}


# --- Feedback ---------------------------------------------------------------------------

@router.get("/feedback", response=list[FeedbackOut], auth=allow(*PERSONAL_RECORD_READERS))
@paginate(BoundedPagination)
def feedback_list(request: AuthedRequest, run_id: QueryId | None = None) -> Any:
    qs = feedback_visible_to(user=request.user)
    return qs.filter(run_id=run_id) if run_id is not None else qs


@router.post("/feedback", response={201: FeedbackOut, **E422},
             auth=allow(*PERSONAL_RECORD_READERS))
def feedback_enter(request: AuthedRequest, payload: FeedbackIn) -> Any:
    """Enter a paper feedback form. Anonymous by default; no member of staff is stored."""
    run = body_object(runs_visible_to(user=request.user), payload.run_id, "run_id")
    enrolment = optional_body_object(Enrolment.objects.filter(run=run), payload.enrolment_id,
                                     "enrolment_id")
    found = feedback.feedback_record(
        run=run, received_on=payload.received_on, mode=ResponseMode.PAPER,
        rating=payload.rating, comment=payload.comment, anonymous=payload.anonymous,
        enrolment=enrolment, participant_id=payload.participant_id)
    return Status(201, feedback_visible_to(user=request.user).get(pk=found.pk))


# --- Complaints and compliments ------------------------------------------------------------

@router.get("/comment-themes", response=list[ThemeOut], auth=allow(*PLANNERS))
def theme_list(request: AuthedRequest) -> Any:
    return CommentTheme.objects.all()


@router.post("/comment-themes", response={201: ThemeOut, **E422}, auth=allow(*PLANNERS))
def theme_create(request: AuthedRequest, payload: ThemeIn) -> Any:
    return Status(201, comments.comment_theme_create(name=payload.name))


@router.get("/comments", response=list[CommentOut], auth=allow(*PLANNERS))
@paginate(BoundedPagination)
def comment_list(request: AuthedRequest, kind: CommentKind | None = None,
                 status: CommentStatus | None = None) -> Any:
    return comments_list(kind=kind or "", status=status or "")


@router.post("/comments", response={201: CommentOut, **E422}, auth=allow(*PLANNERS))
def comment_log(request: AuthedRequest, payload: CommentIn) -> Any:
    found = comments.comment_log(
        kind=payload.kind, received_on=payload.received_on, channel=payload.channel,
        summary=payload.summary, themes=body_objects(CommentTheme, payload.theme_ids,
                                                     "theme_ids"),
        programme=optional_body_object(ProgrammeType, payload.programme_id, "programme_id"),
        participant=optional_body_object(Participant, payload.participant_id,
                                         "participant_id"), by=request.user)
    return Status(201, comments_list().get(pk=found.pk))


@router.get("/comments/{int:comment_id}", response=CommentOut, auth=allow(*PLANNERS))
def comment_get(request: AuthedRequest, comment_id: int) -> Any:
    return get_object_or_404(comments_list(), pk=comment_id)


@router.post("/comments/{int:comment_id}/acknowledge", response={200: CommentOut, **E422},
             auth=allow(*PLANNERS))
def comment_acknowledge(request: AuthedRequest, comment_id: int, payload: AcknowledgeIn) -> Any:
    comments.comment_acknowledge(comment=get_object_or_404(comments_list(), pk=comment_id),
                                 acknowledged_on=payload.acknowledged_on, by=request.user)
    return comments_list().get(pk=comment_id)


@router.post("/comments/{int:comment_id}/resolve", response={200: CommentOut, **E422},
             auth=allow(*PLANNERS))
def comment_resolve(request: AuthedRequest, comment_id: int, payload: ResolveIn) -> Any:
    comments.comment_resolve(comment=get_object_or_404(comments_list(), pk=comment_id),
                             resolved_on=payload.resolved_on, outcome=payload.outcome,
                             outcome_note=payload.outcome_note, by=request.user)
    return comments_list().get(pk=comment_id)


# --- Next steps ------------------------------------------------------------------------------

def _visible_enrolment(request: AuthedRequest, enrolment_id: int) -> Enrolment:
    return get_object_or_404(enrolments_visible_to(user=request.user), pk=enrolment_id)


@router.get("/enrolments/{int:enrolment_id}/next-step", response=NextStepOut,
            auth=allow(*PERSONAL_RECORD_READERS))
def next_step_get(request: AuthedRequest, enrolment_id: int) -> Any:
    """Her next step; 404 until one is recorded."""
    found = next_step_of(_visible_enrolment(request, enrolment_id).pk)
    if found is None:
        raise Http404
    return found


@router.post("/enrolments/{int:enrolment_id}/next-step", response={201: NextStepOut, **E422},
             auth=allow(*PERSONAL_RECORD_READERS))
def next_step_record(request: AuthedRequest, enrolment_id: int, payload: NextStepIn) -> Any:
    """Her next step once she has completed or left; one of our programmes is referred to."""
    enrolment = _visible_enrolment(request, enrolment_id)
    next_steps.next_step_record(
        enrolment=enrolment, step=payload.step, detail=payload.detail, by=request.user,
        programme=optional_body_object(ProgrammeType, payload.programme_id, "programme_id"))
    return Status(201, next_step_of(enrolment.pk))


