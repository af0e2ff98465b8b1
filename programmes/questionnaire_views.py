"""Outcome questionnaire pages: staff lists and paper entry, and the participant's tablet.

Handing the tablet over signs the member of staff out on it: the participant's pages need no
login and reach exactly one questionnaire response (its id is kept in the session), so no
other participant's record can be opened from the tablet while she holds it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from programmes.enums import MeasurePoint, ResponseMode, ResponseStatus
from programmes.measure_forms import PaperQuestionnaireForm, TabletAnswerForm
from programmes.measure_selectors import (
    enrolments_visible_to,
    questionnaires_for,
    questionnaires_outstanding,
)
from programmes.models import Enrolment, QuestionnaireAttachment, QuestionnaireResponse
from programmes.services import measures
from scheduler.models import User
from scheduler.platform.audit import audited
from scheduler.platform.permissions import PERSONAL_RECORD_READERS, require_role

KIOSK = "questionnaire_response"


def _staff(request: HttpRequest) -> User:
    return require_role(request, PERSONAL_RECORD_READERS)
PAGE_SIZE = 25


@login_required
def due_list(request: HttpRequest) -> HttpResponse:
    user = require_role(request, PERSONAL_RECORD_READERS)
    items = questionnaires_outstanding(user=user, now=timezone.now())
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "programmes/questionnaires_due.html", {"page": page})


def _enrolment(request: HttpRequest, enrolment_id: int) -> Enrolment:
    user = require_role(request, PERSONAL_RECORD_READERS)
    return get_object_or_404(enrolments_visible_to(user=user), pk=enrolment_id)


def _attachment(enrolment: Enrolment, attachment_id: int) -> QuestionnaireAttachment:
    return get_object_or_404(QuestionnaireAttachment.objects.select_related("questionnaire"),
                             pk=attachment_id, programme_id=enrolment.run.programme_id)


@audited("read", "questionnaires", "enrolment_id")
@login_required
def enrolment_questionnaires(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = _enrolment(request, enrolment_id)
    items = questionnaires_for([enrolment], now=timezone.now())
    return render(request, "programmes/enrolment_questionnaires.html",
                  {"enrolment": enrolment, "items": items})


@login_required
@require_POST
def hand_over(request: HttpRequest, enrolment_id: int, attachment_id: int) -> HttpResponse:
    enrolment = _enrolment(request, enrolment_id)
    a = _attachment(enrolment, attachment_id)
    try:
        response = measures.response_start(enrolment=enrolment, questionnaire=a.questionnaire,
                                           point=a.point, by=_staff(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("programmes:enrolment_questionnaires", enrolment_id=enrolment.pk)
    logout(request)  # the tablet now belongs to her questionnaire, not to staff
    request.session[KIOSK] = response.pk
    return redirect("programmes:take_start")


@login_required
@require_POST
def record_declined(request: HttpRequest, enrolment_id: int, attachment_id: int) -> HttpResponse:
    enrolment = _enrolment(request, enrolment_id)
    a = _attachment(enrolment, attachment_id)
    try:
        measures.response_decline(enrolment=enrolment, questionnaire=a.questionnaire,
                                  point=a.point, by=_staff(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Recorded as declined.")
    return redirect("programmes:enrolment_questionnaires", enrolment_id=enrolment.pk)


@login_required
def paper_entry(request: HttpRequest, enrolment_id: int, attachment_id: int) -> HttpResponse:
    enrolment = _enrolment(request, enrolment_id)
    a = _attachment(enrolment, attachment_id)
    questions = list(a.questionnaire.questions.prefetch_related("choices"))
    form = PaperQuestionnaireForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            measures.response_record_paper(enrolment=enrolment, questionnaire=a.questionnaire,
                                           point=a.point, answers=form.answers(),
                                           by=_staff(request))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Questionnaire saved.")
            return redirect("programmes:enrolment_questionnaires", enrolment_id=enrolment.pk)
    return render(request, "programmes/questionnaire_paper.html",
                  {"enrolment": enrolment, "attachment": a, "form": form},
                  status=400 if form.errors else 200)


def _add_errors(form: PaperQuestionnaireForm, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


# --- The participant's tablet: no login, no links, one question per screen. -------------

def _kiosk_response(request: HttpRequest) -> QuestionnaireResponse | None:
    pk = request.session.get(KIOSK)
    return (QuestionnaireResponse.objects.select_related("questionnaire")
            .filter(pk=pk, status=ResponseStatus.IN_PROGRESS).first() if pk else None)


def _neutral(request: HttpRequest) -> HttpResponse:
    request.session.flush()  # nothing of hers stays on the tablet
    return render(request, "programmes/take_done.html")


def take_start(request: HttpRequest) -> HttpResponse:
    response = _kiosk_response(request)
    if response is None:
        return _neutral(request)
    if request.method == "POST":
        if request.POST.get("action") == "decline":
            measures.response_decline(enrolment=response.enrolment,
                                      questionnaire=response.questionnaire, point=response.point,
                                      by=None, mode=ResponseMode.TABLET)
            return _neutral(request)
        return redirect("programmes:take_question", step=1)
    count = response.questionnaire.questions.count()
    return render(request, "programmes/take_start.html",
                  {"questionnaire": response.questionnaire, "count": count,
                   "is_exit": response.point == MeasurePoint.EXIT})


def take_question(request: HttpRequest, step: int) -> HttpResponse:
    response = _kiosk_response(request)
    if response is None:
        return _neutral(request)
    questions = list(response.questionnaire.questions.prefetch_related("choices"))
    if not 1 <= step <= len(questions):
        return redirect("programmes:take_question", step=1)
    question = questions[step - 1]
    form = TabletAnswerForm(request.POST or None, question=question)
    if request.method == "POST" and form.is_valid():
        measures.answer_record(response=response, question=question, value=form.answer())
        if step < len(questions):
            return redirect("programmes:take_question", step=step + 1)
        measures.response_finish(response=response)
        return _neutral(request)
    return render(request, "programmes/take_question.html",
                  {"form": form, "question": question, "step": step, "count": len(questions)},
                  status=400 if form.errors else 200)
