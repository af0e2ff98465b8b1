"""The register form: one required choice per expected participant, nothing else."""

from __future__ import annotations

from typing import Any

from django import forms

from attendance.models import MarkStatus
from attendance.selectors import RegisterLine
from attendance.services import MarkInput

CHOICES = [
    (MarkStatus.PRESENT, "Present"),
    (MarkStatus.LATE, "Late"),
    (MarkStatus.ABSENT, "Absent"),
    (MarkStatus.EXCUSED, "Apology"),
]


def field_name(enrolment_id: int) -> str:
    return f"mark-{enrolment_id}"


class RegisterForm(forms.Form):
    # Makes a double-tapped submit a no-op: each mark's nonce is derived from it.
    submission = forms.CharField(max_length=40, widget=forms.HiddenInput)

    def __init__(self, *args: Any, lines: list[RegisterLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            if line.expected:
                self.fields[field_name(line.enrolment_id)] = forms.ChoiceField(
                    choices=CHOICES, widget=forms.RadioSelect, initial=line.status,
                    error_messages={"required": "Choose one for this person."})

    def marks(self) -> list[MarkInput]:
        """One MarkInput per expected participant; the nonce changes with the status, so a
        correction sent from a stale page is still applied while a double-tap is not."""
        token = self.cleaned_data["submission"]
        out = []
        for line in self.lines:
            if line.expected:
                status = self.cleaned_data[field_name(line.enrolment_id)]
                nonce = f"f-{token}-{line.enrolment_id}-{status}"
                out.append(MarkInput(line.enrolment_id, status, nonce))
        return out

    def rows(self) -> list[tuple[RegisterLine, forms.BoundField | None]]:
        """(line, bound field) pairs in register order; None for someone not expected."""
        return [(line, self[field_name(line.enrolment_id)] if line.expected else None)
                for line in self.lines]
