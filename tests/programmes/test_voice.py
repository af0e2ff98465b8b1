"""Feedback with no path back to her, the complaints and compliments lifecycle, next steps
and the follow-on referral, and method of access on referrals."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from programmes.enums import (
    CommentChannel,
    CommentKind,
    CommentOutcome,
    Delivery,
    EnrolmentStatus,
    MethodOfAccess,
    NextStep,
    ReferralSource,
    ReferralStatus,
    ResponseMode,
)
from programmes.models import (
    CommentTheme,
    EnrolmentNextStep,
    Feedback,
    NamedFeedback,
    Referral,
    ServiceComment,
)
from programmes.services import referral_create
from programmes.services.comments import (
    comment_acknowledge,
    comment_log,
    comment_resolve,
    lifecycle_errors,
)
from programmes.services.feedback import ANONYMOUS_WITH_ID, feedback_record
from programmes.services.next_steps import next_step_record
from tests.factories import LONDON, EnrolmentFactory, GroupRunFactory, ProgrammeTypeFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)
NOW = dt.datetime(2026, 11, 20, 14, 37, 12, tzinfo=LONDON)


def errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


# --- Feedback ------------------------------------------------------------------------------

@time_machine.travel(NOW)
def test_anonymous_feedback_keeps_no_path_back_to_her():
    enrolment = EnrolmentFactory.create(status=EnrolmentStatus.COMPLETED)

    stored = feedback_record(run=enrolment.run, received_on=TODAY, mode=ResponseMode.TABLET,
                             rating=4, comment="It helped.")

    row = Feedback.objects.filter(pk=stored.pk).values().get()
    assert set(row) == {"id", "programme_id", "run_id", "received_on", "rating", "comment",
                        "mode"}  # no participant, enrolment, staff, time of day, IP, session
    assert (row["programme_id"], row["run_id"], row["received_on"], row["rating"]) == (
        enrolment.run.programme_id, enrolment.run_id, TODAY, 4)
    assert type(row["received_on"]) is dt.date
    assert isinstance(row["id"], type(stored.id)) and len(str(row["id"])) == 36  # random uuid
    assert not NamedFeedback.objects.exists()


@time_machine.travel(NOW)
def test_anonymous_feedback_on_a_one_to_one_keeps_only_the_programme():
    run = GroupRunFactory.create(programme__delivery=Delivery.ONE_TO_ONE)

    stored = feedback_record(run=run, received_on=TODAY, mode=ResponseMode.PAPER, rating=5)

    assert (stored.programme_id, stored.run_id) == (run.programme_id, None)


@time_machine.travel(NOW)
@pytest.mark.parametrize("identity", [{"participant_id": 1}, {"enrolment": "her"}])
def test_anonymous_feedback_carrying_who_gave_it_is_refused(identity):
    enrolment = EnrolmentFactory.create(status=EnrolmentStatus.COMPLETED)
    if "enrolment" in identity:
        identity = {"enrolment": enrolment}

    with pytest.raises(ValidationError) as exc:
        feedback_record(run=enrolment.run, received_on=TODAY, mode=ResponseMode.TABLET,
                        rating=3, **identity)

    assert list(errors(exc).values()) == [[ANONYMOUS_WITH_ID]]
    assert not Feedback.objects.exists()


@time_machine.travel(NOW)
def test_named_feedback_links_to_her_enrolment_only_when_she_chose_it():
    enrolment = EnrolmentFactory.create(status=EnrolmentStatus.COMPLETED)

    stored = feedback_record(run=enrolment.run, received_on=TODAY, mode=ResponseMode.TABLET,
                             rating=5, anonymous=False, enrolment=enrolment)

    assert NamedFeedback.objects.get().feedback_id == stored.pk
    assert stored.named.enrolment == enrolment


@time_machine.travel(NOW)
@pytest.mark.parametrize(("kwargs", "field"), [
    ({"rating": 0}, "rating"), ({"rating": 6}, "rating"), ({"rating": None}, "rating"),
    ({"rating": 3, "received_on": dt.date(2026, 11, 21)}, "received_on"),
    ({"rating": 3, "comment": "x" * 2001}, "comment"),
])
def test_feedback_out_of_scale_empty_or_future_is_refused_on_its_field(kwargs, field):
    run = GroupRunFactory.create()

    with pytest.raises(ValidationError) as exc:
        feedback_record(run=run, mode=ResponseMode.PAPER, **{"received_on": TODAY, **kwargs})

    assert list(errors(exc)) == [field]


# --- Complaints and compliments ---------------------------------------------------------------

def log(kind: str = CommentKind.COMPLAINT, received_on: dt.date = dt.date(2026, 10, 1),
        **kwargs) -> ServiceComment:  # type: ignore[no-untyped-def]
    return comment_log(kind=kind, received_on=received_on, channel=CommentChannel.PHONE,
                       summary="The room was cold.",
                       themes=[CommentTheme.objects.get_or_create(name="Venue or access")[0]],
                       **kwargs)


@time_machine.travel(NOW)
def test_a_complaint_is_received_acknowledged_then_resolved():
    comment = log()
    assert comment.status == "received"

    comment = comment_acknowledge(comment=comment, acknowledged_on=dt.date(2026, 10, 3))
    assert comment.status == "acknowledged"
    comment = comment_resolve(comment=comment, resolved_on=dt.date(2026, 10, 20),
                              outcome=CommentOutcome.UPHELD, outcome_note="Heating fixed.")

    comment.refresh_from_db()
    assert (comment.status, comment.acknowledged_on, comment.resolved_on, comment.outcome) == (
        "resolved", dt.date(2026, 10, 3), dt.date(2026, 10, 20), "upheld")
    assert list(comment.themes.values_list("name", flat=True)) == ["Venue or access"]


@time_machine.travel(NOW)
def test_a_complaint_cannot_be_resolved_before_it_is_acknowledged():
    comment = log()

    with pytest.raises(ValidationError) as exc:
        comment_resolve(comment=comment, resolved_on=dt.date(2026, 10, 5),
                        outcome=CommentOutcome.UPHELD)

    assert errors(exc) == {"resolved_on": ["Acknowledge it before resolving it."]}
    comment.refresh_from_db()
    assert comment.resolved_on is None


@time_machine.travel(NOW)
def test_lifecycle_dates_out_of_order_are_refused_on_their_fields():
    comment = log()
    with pytest.raises(ValidationError) as exc:
        comment_acknowledge(comment=comment, acknowledged_on=dt.date(2026, 9, 30))
    assert list(errors(exc)) == ["acknowledged_on"]

    comment_acknowledge(comment=comment, acknowledged_on=dt.date(2026, 10, 10))
    with pytest.raises(ValidationError) as exc:
        comment_resolve(comment=comment, resolved_on=dt.date(2026, 10, 9),
                        outcome=CommentOutcome.NOT_UPHELD)
    assert errors(exc) == {"resolved_on": ["It cannot be resolved before it was acknowledged."]}
    with pytest.raises(ValidationError) as exc:
        comment_resolve(comment=comment, resolved_on=dt.date(2026, 10, 12),
                        outcome=CommentOutcome.PASSED_ON)  # a compliment's outcome
    assert list(errors(exc)) == ["outcome"]


@time_machine.travel(NOW)
def test_a_comment_received_in_the_future_or_without_a_theme_is_refused():
    with pytest.raises(ValidationError) as exc:
        log(received_on=dt.date(2026, 11, 21))
    assert list(errors(exc)) == ["received_on"]
    with pytest.raises(ValidationError) as exc:
        comment_log(kind=CommentKind.COMPLIMENT, received_on=TODAY, channel="email",
                    summary="Thank you", themes=[])
    assert list(errors(exc)) == ["theme_ids"]


@pytest.mark.parametrize(("received", "ack", "res", "fields"), [
    (1, None, None, []), (1, 1, 1, []), (1, 2, 3, []), (2, 1, None, ["acknowledged_on"]),
    (1, None, 2, ["resolved_on"]), (1, 3, 2, ["resolved_on"]), (9, None, None, ["received_on"]),
])
def test_lifecycle_errors_order_the_dates(received, ack, res, fields):
    def day(n: int | None) -> dt.date | None:
        return None if n is None else dt.date(2026, 10, n)

    found = lifecycle_errors(received_on=dt.date(2026, 10, received), acknowledged_on=day(ack),
                             resolved_on=day(res), today=dt.date(2026, 10, 5))

    assert sorted(found) == fields


# --- Next steps --------------------------------------------------------------------------------

@time_machine.travel(NOW)
def test_a_follow_on_group_is_referred_in_the_same_transaction():
    enrolment = EnrolmentFactory.create(status=EnrolmentStatus.COMPLETED)
    follow_on = ProgrammeTypeFactory.create(name="Moving on group")
    referral_create(participant=enrolment.participant, programme=enrolment.run.programme,
                    source=ReferralSource.SELF, referred_on=dt.date(2026, 6, 1))

    step = next_step_record(enrolment=enrolment, step=NextStep.FOLLOW_ON_GROUP,
                            programme=follow_on)

    referral = step.follow_on_referral
    assert referral is not None
    assert (referral.participant, referral.programme, referral.source,
            referral.method_of_access, referral.referred_on, referral.is_repeat,
            referral.status) == (enrolment.participant, follow_on, ReferralSource.FOLLOW_ON,
                                 MethodOfAccess.FOLLOW_ON, TODAY, False, ReferralStatus.WAITING)
    assert list(referral.waiting_list_entries.values_list("programme", flat=True)) == [
        follow_on.pk]


@time_machine.travel(NOW)
def test_a_refused_follow_on_leaves_neither_step_nor_referral():
    enrolment = EnrolmentFactory.create(status=EnrolmentStatus.WITHDRAWN)
    follow_on = ProgrammeTypeFactory.create()
    referral_create(participant=enrolment.participant, programme=follow_on,
                    source=ReferralSource.SELF, referred_on=dt.date(2026, 6, 1))  # waiting

    with pytest.raises(ValidationError) as exc:
        next_step_record(enrolment=enrolment, step=NextStep.ONE_TO_ONE, programme=follow_on)

    assert errors(exc) == {"participant_id": ["Already on this waiting list."]}
    assert (EnrolmentNextStep.objects.count(), Referral.objects.count()) == (0, 1)


@time_machine.travel(NOW)
@pytest.mark.parametrize(("status", "step", "ours", "detail", "field"), [
    (EnrolmentStatus.STARTED, NextStep.NONE, False, "", "step"),
    (EnrolmentStatus.COMPLETED, NextStep.FOLLOW_ON_GROUP, False, "", "programme_id"),
    (EnrolmentStatus.COMPLETED, NextStep.SIGNPOSTED, False, "", "detail"),
    (EnrolmentStatus.COMPLETED, NextStep.NONE, True, "", "programme_id"),
    (EnrolmentStatus.COMPLETED, NextStep.FOLLOW_ON_GROUP, "same", "", "programme_id"),
])
def test_next_steps_that_do_not_fit_are_refused(status, step, ours, detail, field):
    enrolment = EnrolmentFactory.create(status=status)
    programme = (enrolment.run.programme if ours == "same"
                 else ProgrammeTypeFactory.create() if ours else None)

    with pytest.raises(ValidationError) as exc:
        next_step_record(enrolment=enrolment, step=step, programme=programme, detail=detail)

    assert list(errors(exc)) == [field]
    assert (EnrolmentNextStep.objects.count(), Referral.objects.count()) == (0, 0)


@time_machine.travel(NOW)
def test_a_signposted_next_step_makes_no_referral_and_is_recorded_once():
    enrolment = EnrolmentFactory.create(status=EnrolmentStatus.COMPLETED)

    step = next_step_record(enrolment=enrolment, step=NextStep.SIGNPOSTED,
                            detail="Local counselling service")

    assert (step.follow_on_referral, step.recorded_on, Referral.objects.count()) == (
        None, TODAY, 0)
    with pytest.raises(ValidationError) as exc:
        next_step_record(enrolment=enrolment, step=NextStep.NONE)
    assert list(errors(exc)) == ["step"]


# --- Method of access ------------------------------------------------------------------------

def test_a_referral_records_how_it_came_in():
    enrolment = EnrolmentFactory.create()

    referral = referral_create(participant=enrolment.participant,
                               programme=enrolment.run.programme, source=ReferralSource.SELF,
                               referred_on=dt.date(2026, 10, 1),
                               method_of_access=MethodOfAccess.HELPLINE)

    assert Referral.objects.get(pk=referral.pk).method_of_access == "helpline"
    with pytest.raises(ValidationError) as exc:
        referral_create(participant=enrolment.participant, programme=enrolment.run.programme,
                        source=ReferralSource.SELF, referred_on=dt.date(2026, 10, 2),
                        method_of_access="pigeon")
    assert list(errors(exc)) == ["method_of_access"]
