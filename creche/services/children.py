"""Children, the adults who may collect them and the adults who must never collect them.

A name on the never-collect list can never also be an authorised collector: each service
checks the other list, so the order they are entered in does not matter.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from creche.collection import normalise_name
from creche.models import AuthorisedCollector, Child, NeverCollect
from creche.selectors import never_collect_names, participant_names
from programmes.models import Participant

log = logging.getLogger(__name__)

MATCHES_NEVER_COLLECT = ("This person is recorded as never to collect the child. Do not add "
                         "them; talk to the coordinator.")
MATCHES_COLLECTOR = ("This person is an authorised collector of the child. Remove them from "
                     "the collectors first, then add the never-collect entry.")


def _check_child(known_as: str, date_of_birth: dt.date) -> None:
    if not known_as.strip():
        raise ValidationError({"known_as": "Enter the name the child is known by."})
    if date_of_birth > timezone.localdate():
        raise ValidationError({"date_of_birth": "Date of birth cannot be in the future."})
    if date_of_birth.year < timezone.localdate().year - 18:
        raise ValidationError({"date_of_birth": "The crèche is for children; check the year."})


def _validated(row: Any) -> Any:
    """Save after the model's field validators (no hidden direction controls in names, a
    plausible date of birth), so every entrance refuses what the model refuses."""
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def child_create(*, parent: Participant, known_as: str, date_of_birth: dt.date,
                 allergies: str = "", medical_notes: str = "",
                 photo_consent: bool = False) -> Child:
    _check_child(known_as, date_of_birth)
    child = _validated(Child(parent=parent, known_as=known_as.strip(),
                             date_of_birth=date_of_birth, allergies=allergies.strip(),
                             medical_notes=medical_notes.strip(), photo_consent=photo_consent))
    log.info("creche child created id=%s parent=%s", child.pk, parent.pk)
    return child


@transaction.atomic
def child_update(*, child: Child, known_as: str, date_of_birth: dt.date, allergies: str,
                 medical_notes: str, photo_consent: bool) -> Child:
    _check_child(known_as, date_of_birth)
    child.known_as, child.date_of_birth = known_as.strip(), date_of_birth
    child.allergies, child.medical_notes = allergies.strip(), medical_notes.strip()
    child.photo_consent = photo_consent
    _validated(child)
    log.info("creche child updated id=%s", child.pk)
    return child


@transaction.atomic
def collector_add(*, child: Child, name: str, relationship: str, password: str = "",
                  check_question: str = "", description: str = "") -> AuthorisedCollector:
    if not name.strip():
        raise ValidationError({"name": "Enter the collector's name."})
    if not relationship.strip():
        raise ValidationError({"relationship": "Enter how this adult is related to the child."})
    if check_question.strip() and not password.strip():
        raise ValidationError({"password": "Enter the answer the adult must give to the question."})
    never = {normalise_name(n) for n in never_collect_names(child=child)}
    if normalise_name(name) in never:
        raise ValidationError({"name": MATCHES_NEVER_COLLECT})
    collector = _validated(AuthorisedCollector(
        child=child, name=name.strip(), relationship=relationship.strip(),
        password=password.strip(), check_question=check_question.strip(),
        description=description.strip()))
    log.info("creche collector added id=%s child=%s", collector.pk, child.pk)
    return collector


@transaction.atomic
def collector_remove(*, collector: AuthorisedCollector) -> AuthorisedCollector:
    """Kept (inactive) so the day's records still say who collected."""
    collector.is_active = False
    collector.save(update_fields=["is_active"])
    log.info("creche collector removed id=%s child=%s", collector.pk, collector.child_id)
    return collector


@transaction.atomic
def never_collect_add(*, child: Child, description: str, name: str = "",
                      participant: Participant | None = None) -> NeverCollect:
    if not description.strip():
        raise ValidationError({"description": "Describe who must never collect the child, so "
                                              "staff can recognise them at the door."})
    if participant is not None and participant.pk == child.parent_id:
        raise ValidationError({"participant_id": "This is the child's own parent."})
    names = {normalise_name(n) for n in [name, *(
        participant_names(participant) if participant else [])] if normalise_name(n)}
    active = child.authorised_collectors.filter(is_active=True).values_list("name", flat=True)
    if names & {normalise_name(n) for n in active}:
        raise ValidationError({"name": MATCHES_COLLECTOR})
    entry = NeverCollect.objects.create(child=child, description=description.strip(),
                                        name=name.strip(), participant=participant)
    log.info("creche never-collect added id=%s child=%s", entry.pk, child.pk)
    return entry
