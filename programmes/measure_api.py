"""Outcome questionnaires over the API: definitions (planners), attaching them to programme
types, and each enrolment's questionnaires (facilitators: their own groups only).
Managers get no personal path here; they read aggregates from /api/reports/outcomes."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Status
from ninja.pagination import paginate

from programmes.measure_schemas import (
    AttachIn,
    AttachmentOut,
    EnrolmentQuestionnaireOut,
    QuestionnaireIn,
    QuestionnaireOut,
    ResponseIn,
)
from programmes.measure_selectors import (
    DueQuestionnaire,
    enrolments_visible_to,
    questionnaires_for,
    questionnaires_outstanding,
)
from programmes.models import ProgrammeType, Questionnaire, QuestionnaireAttachment
from programmes.schemas import QueryId
from programmes.services import measures
from scheduler.platform.audit import audited
from scheduler.platform.auth import allow
from scheduler.platform.errors import ErrorOut
from scheduler.platform.pagination import BoundedPagination
from scheduler.platform.permissions import PERSONAL_RECORD_READERS, PLANNERS
from scheduler.platform.references import body_object
from scheduler.platform.requests import AuthedRequest

router = Router(tags=["questionnaires"])
E422 = {422: ErrorOut}


def _questionnaires() -> Any:
    return Questionnaire.objects.prefetch_related("questions__choices")


def _out(item: DueQuestionnaire) -> dict[str, Any]:
    r = item.response
    return {"enrolment_id": item.enrolment.pk, "attachment_id": item.attachment.pk,
            "questionnaire_id": item.attachment.questionnaire_id,
            "questionnaire": item.attachment.questionnaire.name, "point": item.attachment.point,
            "opens_at": item.opens_at, "is_due": item.is_due,
            "response": None if r is None else {
                "id": r.pk, "status": r.status, "mode": r.mode, "finished_at": r.finished_at,
                "answers": [{"question_id": a.question_id, "value": a.value}
                            for a in r.answers.all()]}}


@router.get("/questionnaires", response=list[QuestionnaireOut],
            auth=allow(*PERSONAL_RECORD_READERS))
@paginate(BoundedPagination)
def questionnaire_list(request: AuthedRequest) -> Any:
    return _questionnaires()


@router.post("/questionnaires", response={201: QuestionnaireOut, **E422}, auth=allow(*PLANNERS))
def questionnaire_create(request: AuthedRequest, payload: QuestionnaireIn) -> Any:
    specs = [measures.QuestionSpec(
        text=q.text, kind=q.kind, scale_min=q.scale_min, scale_max=q.scale_max,
        low_label=q.low_label, high_label=q.high_label, higher_is_better=q.higher_is_better,
        choices=[(c.value, c.label) for c in q.choices]) for q in payload.questions]
    questionnaire = measures.questionnaire_create(name=payload.name, questions=specs,
                                                  introduction=payload.introduction)
    return Status(201, _questionnaires().get(pk=questionnaire.pk))


@router.post("/programmes/{int:programme_id}/questionnaires",
             response={201: AttachmentOut, **E422}, auth=allow(*PLANNERS))
def questionnaire_attach(request: AuthedRequest, programme_id: QueryId, payload: AttachIn) -> Any:
    programme = get_object_or_404(ProgrammeType, pk=programme_id)
    return Status(201, measures.questionnaire_attach(
        programme=programme, point=payload.point,
        questionnaire=body_object(Questionnaire, payload.questionnaire_id, "questionnaire_id")))


@router.get("/questionnaires/due", response=list[EnrolmentQuestionnaireOut],
            auth=allow(*PERSONAL_RECORD_READERS))
@paginate(BoundedPagination)
def questionnaires_due(request: AuthedRequest) -> Any:
    items = questionnaires_outstanding(user=request.user, now=timezone.now())
    return [_out(item) for item in items]


@router.get("/enrolments/{int:enrolment_id}/questionnaires",
            response=list[EnrolmentQuestionnaireOut], auth=allow(*PERSONAL_RECORD_READERS))
@audited("read", "questionnaires", "enrolment_id")
def enrolment_questionnaires(request: AuthedRequest, enrolment_id: QueryId) -> Any:
    enrolment = get_object_or_404(enrolments_visible_to(user=request.user),
                                  pk=enrolment_id)
    return [_out(item) for item in questionnaires_for([enrolment], now=timezone.now())]


@router.post("/enrolments/{int:enrolment_id}/questionnaires",
             response={201: EnrolmentQuestionnaireOut, **E422},
             auth=allow(*PERSONAL_RECORD_READERS))
def enrolment_questionnaire_record(request: AuthedRequest, enrolment_id: QueryId,
                                   payload: ResponseIn) -> Any:
    """Record a questionnaire from paper, or that she declined it (never sent to her)."""
    user = request.user
    enrolment = get_object_or_404(enrolments_visible_to(user=user), pk=enrolment_id)
    a = body_object(QuestionnaireAttachment.objects.select_related("questionnaire").filter(
        programme_id=enrolment.run.programme_id), payload.attachment_id, "attachment_id")
    if payload.declined:
        measures.response_decline(enrolment=enrolment, questionnaire=a.questionnaire,
                                  point=a.point, by=user)
    else:
        measures.response_record_paper(
            enrolment=enrolment, questionnaire=a.questionnaire, point=a.point, by=user,
            answers={ans.question_id: ans.value for ans in payload.answers})
    item = next(i for i in questionnaires_for([enrolment], now=timezone.now())
                if i.attachment.pk == a.pk)
    return Status(201, _out(item))
