"""Outcome questionnaires: defining them, attaching them to programme types, and taking them.

Answers are entered on the participant's tablet page or by staff from paper; there is no
SMS or email route on purpose (an abuser may read her messages)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from programmes.enums import MeasurePoint, QuestionKind, ResponseMode, ResponseStatus
from programmes.models import (
    Answer,
    Enrolment,
    ProgrammeType,
    Question,
    QuestionChoice,
    Questionnaire,
    QuestionnaireAttachment,
    QuestionnaireResponse,
)
from scheduler.models import User

DONE = (ResponseStatus.TAKEN, ResponseStatus.DECLINED)
MAX_SCALE_STEPS = 10  # a 0–10 wellbeing scale is the widest we show on one tablet screen


@dataclass(frozen=True)
class QuestionSpec:
    text: str
    kind: str = QuestionKind.SCALE
    scale_min: int = 1
    scale_max: int = 5
    low_label: str = ""
    high_label: str = ""
    higher_is_better: bool = True
    choices: Sequence[tuple[int, str]] = field(default_factory=tuple)


def _check_spec(spec: QuestionSpec, n: int) -> None:
    key = f"questions[{n}]"
    if not spec.text.strip():
        raise ValidationError({key: "Write the question."})
    if spec.kind not in QuestionKind.values:
        raise ValidationError({key: "A question is a scale or a set of choices."})
    if spec.kind == QuestionKind.SCALE and not (
            spec.scale_min < spec.scale_max <= spec.scale_min + MAX_SCALE_STEPS):
        raise ValidationError({key: "A scale runs from a lower to a higher number "
                                    f"(at most {MAX_SCALE_STEPS + 1} points)."})
    values = [v for v, _ in spec.choices]
    if spec.kind == QuestionKind.CHOICE and (len(values) < 2 or len(set(values)) != len(values)):
        raise ValidationError({key: "Give at least two choices, each with its own value."})


@transaction.atomic
def questionnaire_create(*, name: str, questions: Sequence[QuestionSpec],
                         introduction: str = "") -> Questionnaire:
    if not name.strip():
        raise ValidationError({"name": "Name the questionnaire."})
    if Questionnaire.objects.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": "A questionnaire with this name already exists."})
    if not questions:
        raise ValidationError({"questions": "Add at least one question."})
    for n, spec in enumerate(questions):
        _check_spec(spec, n)
    questionnaire = Questionnaire.objects.create(name=name.strip(),
                                                 introduction=introduction.strip())
    for order, spec in enumerate(questions, start=1):
        _create_question(questionnaire, order, spec)
    return questionnaire


def _create_question(questionnaire: Questionnaire, order: int, spec: QuestionSpec) -> None:
    values = [v for v, _ in spec.choices]
    low, high = (min(values), max(values)) if spec.kind == QuestionKind.CHOICE else (
        spec.scale_min, spec.scale_max)
    question = Question.objects.create(
        questionnaire=questionnaire, order=order, text=spec.text.strip(), kind=spec.kind,
        scale_min=low, scale_max=high, low_label=spec.low_label, high_label=spec.high_label,
        higher_is_better=spec.higher_is_better)
    QuestionChoice.objects.bulk_create(QuestionChoice(question=question, value=v, label=label)
                                       for v, label in spec.choices)


@transaction.atomic
def questionnaire_attach(*, programme: ProgrammeType, questionnaire: Questionnaire,
                         point: str) -> QuestionnaireAttachment:
    if point not in MeasurePoint.values:
        raise ValidationError({"point": "The point is intake, mid_point or exit."})
    if QuestionnaireAttachment.objects.filter(programme=programme, questionnaire=questionnaire,
                                              point=point).exists():
        raise ValidationError({"point": f"{questionnaire.name} is already asked at "
                                        f"{MeasurePoint(point).label.lower()} on this programme."})
    return QuestionnaireAttachment.objects.create(programme=programme,
                                                  questionnaire=questionnaire, point=point)


def _check_can_respond(enrolment: Enrolment, questionnaire: Questionnaire, point: str) -> None:
    attached = QuestionnaireAttachment.objects.filter(
        programme_id=enrolment.run.programme_id, questionnaire=questionnaire)
    if not attached.filter(point=point).exists():
        raise ValidationError({"point": "This questionnaire is not asked at this point on "
                                        "the programme."})
    if point == MeasurePoint.EXIT and attached.filter(point=MeasurePoint.INTAKE).exists() and \
            not QuestionnaireResponse.objects.filter(
                enrolment=enrolment, questionnaire=questionnaire, point=MeasurePoint.INTAKE,
                status__in=DONE).exists():
        raise ValidationError({"point": "The intake questionnaire comes first: take it or "
                                        "record it as declined before the exit one."})


def _open_response(enrolment: Enrolment, questionnaire: Questionnaire, point: str, mode: str,
                   by: User | None) -> QuestionnaireResponse:
    _check_can_respond(enrolment, questionnaire, point)
    response, _ = QuestionnaireResponse.objects.select_for_update().get_or_create(
        enrolment=enrolment, questionnaire=questionnaire, point=point,
        defaults={"mode": mode, "recorded_by": by})
    if response.status in DONE:
        raise ValidationError({"point": "This questionnaire has already been "
                                        f"{response.get_status_display().lower()}."})
    response.mode = mode
    response.recorded_by = by or response.recorded_by  # the tablet itself is nobody
    response.save(update_fields=["mode", "recorded_by"])
    return response


@transaction.atomic
def response_start(*, enrolment: Enrolment, questionnaire: Questionnaire, point: str,
                   by: User | None) -> QuestionnaireResponse:
    """Open the tablet questionnaire (resuming one left half-way, answers kept)."""
    return _open_response(enrolment, questionnaire, point, ResponseMode.TABLET, by)


def check_answer(question: Question, value: int) -> None:
    if question.kind == QuestionKind.CHOICE:
        if value not in {c.value for c in question.choices.all()}:
            raise ValidationError({"value": "Choose one of the answers given."})
    elif not question.scale_min <= value <= question.scale_max:
        raise ValidationError({"value": f"Choose a number from {question.scale_min} to "
                                        f"{question.scale_max}."})


@transaction.atomic
def answer_record(*, response: QuestionnaireResponse, question: Question,
                  value: int | None) -> Answer | None:
    """Record one answer; None skips the question (and clears an earlier answer)."""
    response = QuestionnaireResponse.objects.select_for_update().get(pk=response.pk)
    if response.status != ResponseStatus.IN_PROGRESS:
        raise ValidationError({"value": "This questionnaire is finished."})
    if question.questionnaire_id != response.questionnaire_id:
        raise ValidationError({"question": "Not a question of this questionnaire."})
    if value is None:
        Answer.objects.filter(response=response, question=question).delete()
        return None
    check_answer(question, value)
    answer, _ = Answer.objects.update_or_create(response=response, question=question,
                                                defaults={"value": value})
    return answer


def _finish(response: QuestionnaireResponse, status: str) -> QuestionnaireResponse:
    response.status, response.finished_at = status, timezone.now()
    response.save(update_fields=["status", "finished_at"])
    return response


@transaction.atomic
def response_finish(*, response: QuestionnaireResponse) -> QuestionnaireResponse:
    response = QuestionnaireResponse.objects.select_for_update().get(pk=response.pk)
    if response.status != ResponseStatus.IN_PROGRESS:
        raise ValidationError({"status": "This questionnaire is already finished."})
    return _finish(response, ResponseStatus.TAKEN)


@transaction.atomic
def response_decline(*, enrolment: Enrolment, questionnaire: Questionnaire, point: str,
                     by: User | None, mode: str = ResponseMode.PAPER) -> QuestionnaireResponse:
    """She would rather not answer: recorded so completion figures count it, answers dropped."""
    response = _open_response(enrolment, questionnaire, point, mode, by)
    response.answers.all().delete()
    return _finish(response, ResponseStatus.DECLINED)


@transaction.atomic
def response_record_paper(*, enrolment: Enrolment, questionnaire: Questionnaire, point: str,
                          answers: Mapping[int, int | None],
                          by: User | None) -> QuestionnaireResponse:
    """Staff type in a paper questionnaire: question id → value (None = skipped)."""
    response = _open_response(enrolment, questionnaire, point, ResponseMode.PAPER, by)
    questions = {q.pk: q for q in questionnaire.questions.prefetch_related("choices")}
    unknown = set(answers) - set(questions)
    if unknown:
        raise ValidationError({"answers": "Not a question of this questionnaire."})
    errors = {}
    for question_id, value in answers.items():
        try:
            if value is not None:
                check_answer(questions[question_id], value)
        except ValidationError as exc:
            errors[f"q{question_id}"] = exc.message_dict["value"]
    if errors:
        raise ValidationError(errors)
    response.answers.all().delete()
    Answer.objects.bulk_create(Answer(response=response, question_id=qid, value=v)
                               for qid, v in answers.items() if v is not None)
    return _finish(response, ResponseStatus.TAKEN)
