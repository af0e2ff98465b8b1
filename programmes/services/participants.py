"""Participants: the pseudonymous record, identity kept apart, optional demographics."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from programmes.models import Demographics, Participant, ParticipantIdentity

DEMOGRAPHIC_FIELDS = {f.name for f in Demographics._meta.concrete_fields} - {"id", "participant"}


@transaction.atomic
def participant_create(*, known_as: str, legal_name: str = "", address: str = "",
                       demographics: Mapping[str, Any] | None = None) -> Participant:
    known_as = known_as.strip()
    if not known_as:
        raise ValidationError({"known_as": "A known-as name is needed for registers."})
    participant = Participant(known_as=known_as)
    participant.full_clean()
    participant.save()
    if legal_name.strip() or address.strip():
        identity = ParticipantIdentity(participant=participant, legal_name=legal_name.strip(),
                                       address=address.strip())
        identity.full_clean()
        identity.save()
    demographics_update(participant=participant, answers=demographics or {})
    return participant


@transaction.atomic
def demographics_update(*, participant: Participant, answers: Mapping[str, Any]) -> Demographics:
    """Every question is optional: unanswered ones stay "not asked"."""
    record, _ = Demographics.objects.get_or_create(participant=participant)
    unknown = set(answers) - DEMOGRAPHIC_FIELDS
    if unknown:
        raise ValidationError({name: "Not a demographic question." for name in sorted(unknown)})
    for field, value in answers.items():
        setattr(record, field, value)
    record.full_clean()
    record.save()
    return record
