"""The register form: an optional choice per expected participant (a partial register is
fine), "mark all present", and the reason a locked register needs. Rendered by hand in the
template (no per-widget rendering: a register may hold 60 radios)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from attendance.models import MarkStatus, RegisterSource
from attendance.selectors import RegisterLine
from attendance.services import MarkInput

CHOICES = [
    (MarkStatus.PRESENT.value, "Present"),
    (MarkStatus.LATE.value, "Late"),
    (MarkStatus.LEFT_EARLY.value, "Left early"),
    (MarkStatus.ABSENT.value, "Absent"),
    (MarkStatus.EXCUSED.value, "Apology"),
]
ALL_PRESENT = "all_present"

# Each choice's radio as constant text around the row's field name: a register of 30 people
# draws 150 radios, so the grid is built by joining strings, not by the template engine.
_RADIOS = [(value, f'<label class="mark-option mark-{escape(value)}"><input type="radio" name="',
            f'" value="{escape(value)}"', f"><span>{escape(label)}</span></label>")
           for value, label in CHOICES]
_NOT_EXPECTED = '<span class="badge">Not expected at this session</span>'


def field_name(enrolment_id: int) -> str:
    return f"mark-{enrolment_id}"


class RegisterForm(forms.Form):
    # Makes a double-tapped submit a no-op: each mark's nonce is derived from it.
    submission = forms.CharField(max_length=40, widget=forms.HiddenInput)
    action = forms.CharField(required=False, max_length=20)
    # "paper" when the marks are typed in later from the printed sign-in sheet.
    source = forms.ChoiceField(choices=RegisterSource.choices, required=False)
    reason = forms.CharField(required=False, max_length=300, label="Reason for the change",
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, lines: list[RegisterLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = lines
        if not self.is_bound:
            return  # drawn by grid(): the per-person fields only validate a submission
        for line in lines:
            if line.expected:
                self.fields[field_name(line.enrolment_id)] = forms.ChoiceField(
                    choices=CHOICES, required=False)

    def marks(self) -> list[MarkInput]:
        """(enrolment_id, status, nonce) for each person given a status; with "mark all
        present", everyone still without a mark is present. The nonce changes with the
        status, so a correction sent from a stale page is applied while a double-tap is not."""
        token = self.cleaned_data["submission"]
        everyone = self.cleaned_data.get("action") == ALL_PRESENT
        out = []
        for line in self.lines:
            if not line.expected:
                continue
            status = self.cleaned_data.get(field_name(line.enrolment_id)) or (
                MarkStatus.PRESENT.value if everyone and not line.status else "")
            if status:
                nonce = f"f-{token}-{line.enrolment_id}-{status}"
                out.append(MarkInput(line.enrolment_id, status, nonce))
        return out

    def grid(self) -> SafeString:
        """The register's rows as HTML: a fieldset per person, legend her known-as name
        (escaped), a radio per status for those expected, the status to show checked (as
        `rows()`)."""
        data = self.data if self.is_bound else {}
        parts: list[str] = []
        for line in self.lines:
            parts.append(f'<fieldset class="mark-row" data-enrolment="{int(line.enrolment_id)}">'
                         f"<legend>{escape(line.known_as)}</legend>")
            if line.expected:
                name = field_name(line.enrolment_id)
                checked = data.get(name, line.status)
                parts.append('<div class="mark-options">')
                parts.extend(f"{before}{name}{after}{' checked' if value == checked else ''}{end}"
                             for value, before, after, end in _RADIOS)
                parts.append("</div>")
            else:
                parts.append(_NOT_EXPECTED)
            parts.append("</fieldset>\n")
        return mark_safe("".join(parts))  # noqa: S308 (every value in it is escaped or an int)

    def rows(self) -> list[dict[str, object]]:
        """Plain values for the template: each line with the status to show checked."""
        data = self.data if self.is_bound else {}
        return [{"line": line, "name": field_name(line.enrolment_id),
                 "checked": data.get(field_name(line.enrolment_id), line.status)}
                for line in self.lines]
