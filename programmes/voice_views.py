"""Pages for feedback and next steps (staff: facilitators their own groups only) and the
participant's feedback on the tablet.

Handing the tablet over signs the member of staff out (as for questionnaires): the
participant's screens need no login and know one enrolment only, kept in the session in
case she chooses to put her name to it. Her answers travel screen to screen in the form
itself, so nothing she said is kept on the server until she finishes, and then anonymously
unless she chose otherwise; the session is flushed on the neutral screen."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from programmes.enums import ResponseMode, RunStatus
from programmes.measure_selectors import enrolments_visible_to
from programmes.models import Enrolment, GroupRun
from programmes.selectors import runs_visible_to
from programmes.services import feedback, next_steps
from programmes.voice_forms import (
    KioskCommentForm,
    KioskNameForm,
    KioskRatingForm,
    NextStepForm,
    PaperFeedbackForm,
    add_service_errors,
)
from programmes.voice_selectors import feedback_visible_to, next_step_of
from scheduler.models import User
from scheduler.platform.permissions import PERSONAL_RECORD_READERS, require_role

PAGE_SIZE = 25
KIOSK = "feedback_enrolment"
RUN_CHOICES = 200


def _staff(request: HttpRequest) -> User:
    return require_role(request, PERSONAL_RECORD_READERS)


def _runs(user: User) -> Any:
    return runs_visible_to(user=user).exclude(status=RunStatus.CANCELLED)


@login_required
def feedback_page(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    page = Paginator(feedback_visible_to(user=user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "programmes/feedback_list.html",
                  {"page": page, "runs": _runs(user)[:RUN_CHOICES]})


@login_required
def run_pick(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    try:
        run = _runs(user).get(pk=int(request.GET.get("run", "")))
    except (ValueError, GroupRun.DoesNotExist):
        messages.error(request, "Choose one of your groups.")
        return redirect("programmes:feedback")
    return redirect("programmes:moving_on", run_id=run.pk)


@login_required
def moving_on(request: HttpRequest, run_id: int) -> HttpResponse:
    """A group's people as it ends: hand the tablet over for feedback, record next steps."""
    run = get_object_or_404(_runs(_staff(request)), pk=run_id)
    enrolments = (Enrolment.objects.filter(run=run).select_related("participant", "next_step")
                  .order_by("participant__known_as", "pk"))
    page = Paginator(enrolments, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "programmes/moving_on.html", {"run": run, "page": page})


@login_required
def paper_feedback(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_object_or_404(_runs(_staff(request)), pk=run_id)
    form = PaperFeedbackForm(request.POST or None, enrolments=Enrolment.objects.filter(
        run=run).select_related("participant").order_by("participant__known_as"),
        initial={"received_on": timezone.localdate(), "anonymous": True})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            feedback.feedback_record(
                run=run, received_on=data["received_on"], mode=ResponseMode.PAPER,
                rating=data["rating"], comment=data["comment"], anonymous=data["anonymous"],
                enrolment=data["enrolment"])
        except ValidationError as exc:
            add_service_errors(form, exc, {"enrolment_id": "enrolment",
                                           "participant_id": "enrolment"})
        else:
            messages.success(request, "Feedback saved.")
            return redirect("programmes:moving_on", run_id=run.pk)
    return render(request, "programmes/feedback_paper.html", {"run": run, "form": form},
                  status=400 if form.errors else 200)


def _enrolment(request: HttpRequest, enrolment_id: int) -> Enrolment:
    return get_object_or_404(enrolments_visible_to(user=_staff(request)), pk=enrolment_id)


@login_required
def next_step_page(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = _enrolment(request, enrolment_id)
    form = NextStepForm(request.POST or None, enrolment=enrolment)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            next_steps.next_step_record(enrolment=enrolment, step=data["step"],
                                        programme=data["programme"], detail=data["detail"],
                                        by=_staff(request))
        except ValidationError as exc:
            add_service_errors(form, exc, {"programme_id": "programme"})
        else:
            messages.success(request, "Next step recorded.")
            return redirect("programmes:moving_on", run_id=enrolment.run_id)
    return render(request, "programmes/next_step.html",
                  {"enrolment": enrolment, "form": form, "recorded": next_step_of(enrolment.pk)},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def hand_over(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = _enrolment(request, enrolment_id)
    try:
        feedback.feedback_hand_over_check(enrolment=enrolment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("programmes:moving_on", run_id=enrolment.run_id)
    logout(request)  # the tablet is hers now, not staff's
    request.session[KIOSK] = enrolment.pk
    return redirect("programmes:feedback_take")


# --- The participant's tablet: no login, no links, one question per screen. -------------

def _neutral(request: HttpRequest) -> HttpResponse:
    request.session.flush()  # nothing of hers stays on the tablet
    return render(request, "programmes/take_done.html")


def _screen(request: HttpRequest, name: str, form: Any, carried: dict[str, str],
            status: int = 200) -> HttpResponse:
    return render(request, "programmes/feedback_take.html",
                  {"screen": name, "form": form, "carried": carried}, status=status)


def feedback_take(request: HttpRequest) -> HttpResponse:
    """Start → rating → comment → named or not → the neutral screen."""
    enrolment = Enrolment.objects.select_related("run__programme").filter(
        pk=request.session.get(KIOSK, 0)).first()
    if enrolment is None:
        return _neutral(request)
    if request.method != "POST":
        return _screen(request, "start", None, {})
    return _next_screen(request, enrolment, request.POST.get("screen", ""))


def _next_screen(request: HttpRequest, enrolment: Enrolment, screen: str) -> HttpResponse:
    post, skip = request.POST, request.POST.get("action") == "skip"
    if screen == "start":
        return (_neutral(request) if post.get("action") == "decline"
                else _screen(request, "rating", KioskRatingForm(), {}))
    rating = KioskRatingForm(post)
    if not rating.is_valid():
        return _screen(request, "rating", rating, {}, status=400)
    carried = {"rating": "" if skip and screen == "rating" else post.get("rating", "")}
    if screen == "rating":
        return _screen(request, "comment", KioskCommentForm(), carried)
    comment = KioskCommentForm(post)
    if not comment.is_valid():
        return _screen(request, "comment", comment, carried, status=400)
    carried["comment"] = "" if skip and screen == "comment" else comment.cleaned_data["comment"]
    if screen == "comment":
        return _screen(request, "name", KioskNameForm(initial={"named": "no"}), carried)
    return _finish(request, enrolment, rating.cleaned_data["rating"], carried["comment"])


def _finish(request: HttpRequest, enrolment: Enrolment, rating: int | None,
            comment: str) -> HttpResponse:
    form = KioskNameForm(request.POST)
    named = form.cleaned_data["named"] if form.is_valid() else False
    if rating is not None or comment.strip():
        feedback.feedback_record(run=enrolment.run, received_on=timezone.localdate(),
                                 mode=ResponseMode.TABLET, rating=rating, comment=comment,
                                 anonymous=not named, enrolment=enrolment if named else None)
    return _neutral(request)
