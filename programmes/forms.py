"""Form parsing for the coordinator pages (no rules: services decide)."""

from __future__ import annotations

from django import forms

from programmes.enums import EnrolmentStatus, TransitionReason

MANUAL_TARGETS = [(s.value, s.label) for s in EnrolmentStatus
                  if s not in (EnrolmentStatus.STARTED, EnrolmentStatus.COMPLETED)]


class MoveForm(forms.Form):
    to_position = forms.IntegerField(min_value=1, max_value=100000)
    reason = forms.CharField(max_length=300)


class RemoveForm(forms.Form):
    reason = forms.CharField(max_length=300)


class OfferForm(forms.Form):
    run = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    days = forms.IntegerField(min_value=1, max_value=60, initial=7,
                              help_text="Days before the offer expires")


class DeclineForm(forms.Form):
    reason = forms.CharField(max_length=300, required=False)


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=MANUAL_TARGETS)
    reason_code = forms.ChoiceField(choices=[("", "—"), *TransitionReason.choices],
                                    required=False)
    reason = forms.CharField(max_length=300, required=False)


class OverrideForm(forms.Form):
    completed = forms.TypedChoiceField(
        choices=[("yes", "Completed"), ("no", "Not completed"), ("", "Back to derived")],
        coerce=lambda v: {"yes": True, "no": False}.get(v), empty_value=None, required=False)
    reason = forms.CharField(max_length=300)
