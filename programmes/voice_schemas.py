"""API shapes for feedback, the complaints and compliments log, and next steps."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import ConfigDict, StringConstraints

from programmes import enums
from programmes.schemas import Id, NoNul, Required60, Text200

Text2000 = Annotated[str, StringConstraints(max_length=2000), NoNul]
Required2000 = Annotated[str, StringConstraints(min_length=1, max_length=2000), NoNul]


class FeedbackIn(Schema):
    """Feedback entered by staff from a paper form. Anonymous unless `anonymous` is false:
    then `enrolment_id` (or `participant_id`) says who chose to put her name to it. An
    anonymous feedback carrying either id is refused (422), and so is any field not listed."""

    model_config = ConfigDict(extra="forbid")

    run_id: Id
    received_on: dt.date
    rating: int | None = Field(None, ge=1, le=5, description="1 not good at all … 5 very good")
    comment: Text2000 = ""
    anonymous: bool = True
    enrolment_id: Id | None = None
    participant_id: Id | None = None


class FeedbackOut(Schema):
    id: str
    programme_id: int
    run_id: int | None
    received_on: dt.date
    rating: int | None
    comment: str
    mode: str
    named_enrolment_id: int | None = Field(None, description="Only when she chose to be named")

    @staticmethod
    def resolve_id(obj: Any) -> str:
        return str(obj.id)

    @staticmethod
    def resolve_named_enrolment_id(obj: Any) -> int | None:
        named = getattr(obj, "named", None)  # absent: RelatedObjectDoesNotExist
        return named.enrolment_id if named is not None else None


class ThemeIn(Schema):
    name: Required60


class ThemeOut(Schema):
    id: int
    name: str
    is_active: bool


class CommentIn(Schema):
    kind: enums.CommentKind
    received_on: dt.date
    channel: enums.CommentChannel
    theme_ids: list[Id] = Field(..., min_length=1, max_length=20)
    summary: Required2000
    programme_id: Id | None = None
    participant_id: Id | None = None


class AcknowledgeIn(Schema):
    acknowledged_on: dt.date


class ResolveIn(Schema):
    resolved_on: dt.date
    outcome: enums.CommentOutcome
    outcome_note: Text2000 = ""


class CommentOut(Schema):
    id: int
    kind: str
    received_on: dt.date
    channel: str
    theme_ids: list[int]
    summary: str
    programme_id: int | None
    participant_id: int | None
    status: str
    acknowledged_on: dt.date | None
    resolved_on: dt.date | None
    outcome: str
    outcome_note: str

    @staticmethod
    def resolve_theme_ids(obj: Any) -> list[int]:
        return [t.pk for t in obj.themes.all()]


class NextStepIn(Schema):
    step: enums.NextStep
    programme_id: Id | None = Field(None, description="One of our programmes: a follow-on "
                                                      "referral is made to it")
    detail: Text200 = ""


class NextStepOut(Schema):
    enrolment_id: int
    step: str
    programme_id: int | None
    detail: str
    follow_on_referral_id: int | None
    recorded_on: dt.date

    @staticmethod
    def resolve_programme_id(obj: Any) -> int | None:
        referral = obj.follow_on_referral
        return referral.programme_id if referral is not None else None
