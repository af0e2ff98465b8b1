"""Schemas for outcome questionnaires over the API (bounded, like every other input)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Schema
from pydantic import StringConstraints

from programmes import enums
from programmes.schemas import Id, NoNul, Required120, Text60, Text300

ScaleEnd = Annotated[int, Field(ge=-100, le=100)]
Required80 = Annotated[str, StringConstraints(min_length=1, max_length=80), NoNul]
Required200 = Annotated[str, StringConstraints(min_length=1, max_length=200), NoNul]


class ChoiceIn(Schema):
    value: ScaleEnd
    label: Required80


class QuestionIn(Schema):
    text: Required200
    kind: enums.QuestionKind = enums.QuestionKind.SCALE
    scale_min: ScaleEnd = 1
    scale_max: ScaleEnd = 5
    low_label: Text60 = ""
    high_label: Text60 = ""
    higher_is_better: bool = True
    choices: list[ChoiceIn] = Field(default_factory=list, max_length=20)


class QuestionnaireIn(Schema):
    name: Required120
    introduction: Text300 = ""
    questions: list[QuestionIn] = Field(..., min_length=1, max_length=40)


class ChoiceOut(Schema):
    value: int
    label: str


class QuestionOut(Schema):
    id: int
    order: int
    text: str
    kind: str
    scale_min: int
    scale_max: int
    low_label: str
    high_label: str
    higher_is_better: bool
    choices: list[ChoiceOut]


class QuestionnaireOut(Schema):
    id: int
    name: str
    introduction: str
    is_active: bool
    questions: list[QuestionOut]


class AttachIn(Schema):
    questionnaire_id: Id
    point: enums.MeasurePoint


class AttachmentOut(Schema):
    id: int
    programme_id: int
    questionnaire_id: int
    point: str


class AnswerIn(Schema):
    question_id: Id
    value: ScaleEnd | None = None  # None: she skipped it


class ResponseIn(Schema):
    attachment_id: Id
    declined: bool = False
    answers: list[AnswerIn] = Field(default_factory=list, max_length=40)


class AnswerOut(Schema):
    question_id: int
    value: int


class ResponseOut(Schema):
    id: int
    status: str
    mode: str
    finished_at: dt.datetime | None
    answers: list[AnswerOut]


class EnrolmentQuestionnaireOut(Schema):
    enrolment_id: int
    attachment_id: int
    questionnaire_id: int
    questionnaire: str
    point: str
    opens_at: dt.datetime | None
    is_due: bool
    response: ResponseOut | None
