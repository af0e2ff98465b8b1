"""Small helpers the crèche pages share."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404

from creche import selectors
from programmes.models import Participant

FIELD_OF = {"participant_id": "participant", "run_id": "run"}  # service field → form field


def errors_onto(form: forms.Form, exc: ValidationError) -> None:
    for name, problems in exc.message_dict.items():
        name = FIELD_OF.get(name, name)
        form.add_error(name if name in form.fields else None, problems)


def parent_or_404(participant_id: int) -> Participant:
    try:
        return selectors.participant_get(participant_id=participant_id)
    except Participant.DoesNotExist:
        raise Http404("No such participant") from None
