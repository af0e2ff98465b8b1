"""Forms of the data-protection pages: access-log filters, finding a participant, erasing."""

from __future__ import annotations

from typing import Any

from django import forms

from scheduler.models.audit import AccessAction
from scheduler.platform.access_log import AccessFilter


class AccessLogFilterForm(forms.Form):
    user_id = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1,
                                 label="User id")
    action = forms.ChoiceField(required=False, choices=[("", "Any"), *AccessAction.choices])
    object_type = forms.RegexField(required=False, regex=r"^[a-z_]*$", max_length=40,
                                   label="Object type", help_text="e.g. participant, child")
    since = forms.DateField(required=False, label="From",
                            widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label="To",
                            widget=forms.DateInput(attrs={"type": "date"}))

    def filters(self) -> AccessFilter:
        data = self.cleaned_data if self.is_valid() else {}
        return AccessFilter(user_id=data.get("user_id"), action=data.get("action") or "",
                            object_type=data.get("object_type") or "",
                            since=data.get("since"), until=data.get("until"))


class ReferenceForm(forms.Form):
    reference = forms.CharField(max_length=20, label="Participant reference",
                                help_text="e.g. GW-7KQ3-M9XD")


class EraseForm(forms.Form):
    confirm = forms.CharField(max_length=20, label="Type the reference again to confirm")
    reason = forms.CharField(max_length=200, label="Reason (no names)",
                             help_text="e.g. Article 17 request received 2 March",
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, data: Any = None, *, reference: str) -> None:
        super().__init__(data)
        self.reference = reference

    def clean_confirm(self) -> str:
        value: str = self.cleaned_data["confirm"].strip().upper()
        if value != self.reference:
            raise forms.ValidationError("This is not the participant's reference.")
        return value
