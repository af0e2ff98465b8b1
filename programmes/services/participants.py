"""Participants: the pseudonymous record, identity kept apart, optional demographics."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from programmes.enums import EthnicGroup, Ethnicity
from programmes.models import Demographics, Participant, ParticipantIdentity
from scheduler.models.localities import Locality, locality_pick

DEMOGRAPHIC_FIELDS = {f.name for f in Demographics._meta.concrete_fields} - {"id", "participant"}
# Answers that are not a group or a background: kept as they are, never cross-checked.
NON_ANSWERS = {Ethnicity.NOT_ASKED, Ethnicity.PREFER_NOT, Ethnicity.UNKNOWN}
STALE = ("Someone else changed this person's record since you opened the form. Reload it to "
         "see their changes.")


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
        _save_identity(participant, legal_name, address)
    demographics_update(participant=participant, answers=demographics or {})
    return participant


def _save_identity(participant: Participant, legal_name: str, address: str) -> None:
    identity = ParticipantIdentity.objects.filter(participant=participant).first() or \
        ParticipantIdentity(participant=participant)
    identity.legal_name, identity.address = legal_name.strip(), address.strip()
    identity.full_clean()
    identity.save()


def participant_version(participant: Participant) -> str:
    """A fingerprint of what the edit form shows (known-as, identity, demographics): a form
    carries it, and an update from a form that no longer matches is refused."""
    identity = getattr(participant, "identity", None)  # loaded by select_related, or one query
    record = getattr(participant, "demographics", None)
    facts = (participant.known_as,
             identity and (identity.legal_name, identity.address),
             record and [(f, getattr(record, f)) for f in sorted(DEMOGRAPHIC_FIELDS)])
    return hashlib.sha256(repr(facts).encode()).hexdigest()[:16]


@transaction.atomic
def participant_update(*, participant: Participant, known_as: str, legal_name: str = "",
                       address: str = "", demographics: Mapping[str, Any] | None = None,
                       expected_version: str | None = None) -> Participant:
    """Change the known-as name, identity and demographics together (one transaction); an
    edit from a form someone else has overtaken is refused, not overwritten."""
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    if expected_version is not None and expected_version != participant_version(locked):
        raise ValidationError({"version": STALE})
    locked.known_as = known_as.strip()
    if not locked.known_as:
        raise ValidationError({"known_as": "A known-as name is needed for registers."})
    locked.full_clean()
    locked.save(update_fields=["known_as"])
    if legal_name.strip() or address.strip():
        _save_identity(locked, legal_name, address)
    else:  # both cleared: no identity is kept
        ParticipantIdentity.objects.filter(participant=locked).delete()
    demographics_update(participant=locked, answers=demographics or {})
    return locked


def _check_ethnicity(record: Demographics) -> None:
    """The background must sit in the group; a background alone sets its group."""
    if record.ethnicity in NON_ANSWERS:
        return
    group = record.ethnicity.split("_", 1)[0]
    if record.ethnic_group in NON_ANSWERS:
        record.ethnic_group = group
    elif record.ethnic_group != group:
        raise ValidationError({"ethnicity": "Choose a background within the ethnic group "
                                            f"“{EthnicGroup(record.ethnic_group).label}”."})


def _locality_answer(record: Demographics, value: Any) -> Locality | None:
    """Picked from the provider's list (a row, an id or a name; case and spacing ignored);
    blank or None clears it. An unmatched locality (carried over from free text) is kept
    where the record already has it, never newly given."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, Locality) and value.unmatched and value.pk == record.locality_id:
        return value
    return locality_pick(ref=value)


@transaction.atomic
def demographics_update(*, participant: Participant, answers: Mapping[str, Any]) -> Demographics:
    """Every question is optional: unanswered ones stay "not asked"."""
    record, _ = Demographics.objects.get_or_create(participant=participant)
    unknown = set(answers) - DEMOGRAPHIC_FIELDS
    if unknown:
        raise ValidationError({name: "Not a demographic question." for name in sorted(unknown)})
    for field, value in answers.items():
        if field == "locality":
            value = _locality_answer(record, value)
        setattr(record, field, value)
    record.full_clean()
    _check_ethnicity(record)
    record.save()
    return record
