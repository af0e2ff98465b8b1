"""Erasing one participant while the counts already reported stay what they were.

Published returns are frozen snapshots (attendance.publication), so they cannot move. So that a
quarter not yet published recomputes to the same figures, the participant row stays as an
anonymised stub that keeps what the counts are made of: enrolments, marks, referral sources,
assessment outcomes, questionnaire scores, and the demographic answers the equality tables
count (the date of birth coarsened as far as the age bands allow). Everything that says who the
person is, how to reach them, or what they said goes: identity, safe contact, texts in and out,
free-text reasons, children's names, needs and collectors.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from attendance.models import Mark, MarkRevision
from attendance.statistics import first_attended
from creche.models import (
    Attendance,
    AuthorisedCollector,
    Child,
    CollectionIncident,
    NeverCollect,
    new_child_reference,
)
from notifications.models import CatchUpInvite, InboundMessage, Message, SafeContact
from programmes.enums import EnrolmentStatus
from programmes.models import (
    Assessment,
    Demographics,
    Enrolment,
    EnrolmentEvent,
    KeepApartLink,
    Participant,
    ParticipantIdentity,
    PlacementOverride,
    Referral,
    WaitingListMove,
)
from programmes.models.participants import new_reference
from scheduler.platform.crypto import lookup_hash

ERASED_NAME = "Erased"
ERASED_CHILD_NAME = "Erased child"
# An erasure would break a register or an offer in progress: those are closed first.
OPEN_STATUSES = {EnrolmentStatus.REFERRED, EnrolmentStatus.ASSESSED, EnrolmentStatus.WAITING,
                 EnrolmentStatus.OFFERED, EnrolmentStatus.ENROLLED, EnrolmentStatus.STARTED}


def _age(dob: dt.date, on: dt.date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def coarsened_birth_date(dob: dt.date, starts: list[dt.date]) -> dt.date:
    """The least precise date of birth (1 January, else the 1st of the month, else the day
    itself) that gives the same age on every day an enrolment started, so the age bands of
    every quarter, published or not, are the same."""
    for candidate in (dob.replace(month=1, day=1), dob.replace(day=1)):
        if all(_age(candidate, day) == _age(dob, day) for day in starts):
            return candidate
    return dob


def has_open_enrolment(participant: Participant) -> bool:
    return Enrolment.objects.filter(participant=participant, status__in=OPEN_STATUSES).exists()


@dataclass
class Erased:
    """What an erasure removed or blanked: counts only, never the data."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, count: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + count


def _demographics(p: Participant, erased: Erased) -> None:
    row = Demographics.objects.filter(participant=p).first()
    if row is None:
        return
    ids = set(Enrolment.objects.filter(participant=p).values_list("pk", flat=True))
    starts = [timezone.localdate(r["first"]) for r in first_attended(enrolment_ids=ids)]
    dob = coarsened_birth_date(row.date_of_birth, starts) if row.date_of_birth else None
    erased.add("demographics", Demographics.objects.filter(pk=row.pk).update(
        date_of_birth=dob, first_language=""))


def _programmes(p: Participant, erased: Erased) -> None:
    erased.add("identity", ParticipantIdentity.objects.filter(participant=p).delete()[0])
    _demographics(p, erased)
    enrolments = Enrolment.objects.filter(participant=p)
    erased.add("referrals", Referral.objects.filter(participant=p).update(referring_agency=""))
    Assessment.objects.filter(referral__participant=p).update(outcome_reason="")
    erased.add("enrolments", enrolments.update(override_reason=""))
    EnrolmentEvent.objects.filter(enrolment__in=enrolments).update(reason="")
    PlacementOverride.objects.filter(enrolment__in=enrolments).update(reason="")
    WaitingListMove.objects.filter(entry__participant=p).update(reason="")
    links = KeepApartLink.objects.filter(Q(person_a=p) | Q(person_b=p))
    erased.add("keep_apart_links", links.delete()[0])
    erased.add("marks_kept", Mark.objects.filter(enrolment__in=enrolments).count())
    MarkRevision.objects.filter(enrolment__in=enrolments).update(reason="")


def _notifications(p: Participant, erased: Erased) -> None:
    contact = SafeContact.objects.filter(participant=p).first()
    replies = InboundMessage.objects.filter(contact__participant=p)
    if contact is not None and contact.phone:
        replies = InboundMessage.objects.filter(
            Q(contact=contact) | Q(from_phone_hash=lookup_hash(contact.phone)))
    erased.add("texts_received", replies.delete()[0])
    erased.add("texts_sent", Message.objects.filter(participant=p).delete()[0])
    CatchUpInvite.objects.filter(participant=p).delete()
    erased.add("safe_contact", SafeContact.objects.filter(participant=p).delete()[0])


def _creche(p: Participant, erased: Erased) -> None:
    children = Child.objects.filter(parent=p)
    for child in children:
        Child.objects.filter(pk=child.pk).update(
            known_as=ERASED_CHILD_NAME, reference=new_child_reference(), allergies="",
            medical_notes="", photo_consent=False,
            date_of_birth=child.date_of_birth.replace(month=1, day=1))
    erased.add("children", len(children))
    AuthorisedCollector.objects.filter(child__parent=p).delete()
    NeverCollect.objects.filter(child__parent=p).delete()
    Attendance.objects.filter(booking__child__parent=p).update(
        collected_by="", sign_in_reason="", sign_out_reason="")
    CollectionIncident.objects.filter(child__parent=p).update(attempted_by="")


def _admin_history(p: Participant) -> None:
    """Django admin's history names objects by their reference: none names the stub."""
    kind = ContentType.objects.get_for_model(Participant)
    LogEntry.objects.filter(Q(content_type=kind, object_id=str(p.pk))
                            | Q(object_repr__contains=p.reference)).update(
        object_repr=ERASED_NAME)


def participant_anonymise(participant: Participant) -> Erased:
    """Every step; the caller holds the transaction and checks that it may run."""
    erased = Erased()
    _notifications(participant, erased)
    _creche(participant, erased)
    _programmes(participant, erased)
    Participant.objects.filter(pk=participant.pk).update(known_as=ERASED_NAME,
                                                         reference=new_reference())
    _admin_history(participant)
    return erased
