"""End-of-programme feedback, anonymous by default.

`feedback_record` is the one way in (tablet, paper entry, API, admin). An anonymous
feedback that would carry her participant or enrolment id is refused, not quietly
stripped, so whoever sent it learns that it was not stored against her. Nothing about who
took it, or when in the day, is kept (programmes/models/voice.py)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from programmes.enums import Delivery, FeedbackRating, ResponseMode
from programmes.measures import ON_PROGRAMME
from programmes.models import Enrolment, Feedback, GroupRun, NamedFeedback

COMMENT_MAX = 2000
ANONYMOUS_WITH_ID = ("Anonymous feedback cannot carry who gave it: leave her out, or record "
                     "that she chose to put her name to it.")


def _named_enrolment(run: GroupRun, enrolment: Enrolment | None,
                     participant_id: int | None) -> Enrolment:
    if enrolment is None and participant_id is not None:
        enrolment = Enrolment.objects.filter(run=run, participant_id=participant_id).first()
        if enrolment is None:
            raise ValidationError({"participant_id": "She is not on this group."})
    if enrolment is None:
        raise ValidationError({"enrolment_id": "Say who is putting her name to it."})
    if enrolment.run_id != run.pk:
        raise ValidationError({"enrolment_id": "She is not on this group."})
    return enrolment


def refuse_identity(*, anonymous: bool, enrolment: Enrolment | None,
                    participant_id: int | None) -> None:
    """An anonymous feedback names nobody: a participant or enrolment id is refused."""
    if anonymous and participant_id is not None:
        raise ValidationError({"participant_id": ANONYMOUS_WITH_ID})
    if anonymous and enrolment is not None:
        raise ValidationError({"enrolment_id": ANONYMOUS_WITH_ID})


def feedback_hand_over_check(*, enrolment: Enrolment) -> None:
    """The tablet is handed over for feedback only to someone who has been on the group."""
    if enrolment.status not in ON_PROGRAMME:
        raise ValidationError({"enrolment_id": "Feedback is asked of someone who has been on "
                                               "the group."})


def _check(rating: int | None, comment: str, received_on: dt.date, mode: str) -> None:
    if rating is not None and rating not in FeedbackRating.values:
        raise ValidationError({"rating": "Give a rating from 1 to 5, or none."})
    if len(comment) > COMMENT_MAX:
        raise ValidationError({"comment": f"Keep it to {COMMENT_MAX} characters."})
    if rating is None and not comment:
        raise ValidationError({"rating": "Give a rating or a comment (or both)."})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "The date cannot be in the future."})
    if mode not in ResponseMode.values:
        raise ValidationError({"mode": "Tablet or paper."})


@transaction.atomic
def feedback_record(*, run: GroupRun, received_on: dt.date, mode: str,
                    rating: int | None = None, comment: str = "", anonymous: bool = True,
                    enrolment: Enrolment | None = None,
                    participant_id: int | None = None) -> Feedback:
    """Store one feedback. Anonymous (the default): the programme, the run (not for a
    one-to-one, where the run is the person) and the date only. Named: also a link to her
    enrolment on the run, because she chose it."""
    refuse_identity(anonymous=anonymous, enrolment=enrolment, participant_id=participant_id)
    comment = comment.strip()
    _check(rating, comment, received_on, mode)
    named = None if anonymous else _named_enrolment(run, enrolment, participant_id)
    alone = anonymous and run.programme.delivery == Delivery.ONE_TO_ONE
    feedback = Feedback.objects.create(programme_id=run.programme_id,
                                       run=None if alone else run, received_on=received_on,
                                       rating=rating, comment=comment, mode=mode)
    if named is not None:
        NamedFeedback.objects.create(feedback=feedback, enrolment=named)
    return feedback
