"""Form parsing for the coordinator pages (no rules: services decide)."""

from __future__ import annotations

from typing import Any

from django import forms

from programmes.enums import EnrolmentStatus, RunStatus, TransitionReason
from programmes.models import GroupRun, Participant, ProgrammeType
from scheduler.models import Room, User, Venue
from scheduler.platform.roles import Role

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
    to_status = forms.ChoiceField(choices=MANUAL_TARGETS, label="New status")
    reason_code = forms.ChoiceField(choices=[("", "—"), *TransitionReason.choices],
                                    required=False, label="Reason")
    reason = forms.CharField(max_length=300, required=False, label="Details (optional)")
    override_reason = forms.CharField(
        max_length=300, required=False, label="Reason to override a keep-apart conflict",
        help_text="Only if the page warned of a conflict. Coordinators only; audited.")


class OverrideForm(forms.Form):
    completed = forms.TypedChoiceField(
        choices=[("yes", "Completed"), ("no", "Not completed"), ("", "Back to derived")],
        coerce=lambda v: {"yes": True, "no": False}.get(v), empty_value=None, required=False,
        label="Completion")
    reason = forms.CharField(max_length=300, label="Why")


class ParticipantChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Participant) -> str:  # type: ignore[override]
        return f"{obj.known_as} ({obj.reference})"


class EnrolForm(forms.Form):
    """Put someone on a run. The override reason is asked for only after the service has
    reported a keep-apart conflict (the page then shows the warning above the form)."""

    participant = ParticipantChoice(queryset=Participant.objects.none(), label="Participant")
    override_reason = forms.CharField(
        max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2}),
        label="Reason to place them despite the keep-apart conflict",
        help_text="Coordinators only. Kept in the audit with your name and the time.")

    def __init__(self, *args: Any, run: GroupRun, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = (  # type: ignore[attr-defined]
            Participant.objects.exclude(enrolments__run=run).order_by("known_as"))


class RunForm(forms.Form):
    """A group run's edit form; `version` detects an edit made meanwhile by someone else."""

    programme = forms.ModelChoiceField(queryset=ProgrammeType.objects.filter(is_active=True),
                                       label="Programme")
    name = forms.CharField(max_length=160, label="Name of the run")
    venue = forms.ModelChoiceField(queryset=Venue.objects.order_by("name"), label="Venue")
    room = forms.ModelChoiceField(queryset=Room.objects.select_related("venue"), required=False,
                                  label="Room", help_text="Must be at the venue.")
    capacity = forms.IntegerField(min_value=1, max_value=200, label="Places")
    creche_places = forms.IntegerField(
        min_value=0, max_value=100, initial=0, required=False,
        label="Crèche need: children per session",
        help_text="Children the crèche beside each session should take. 0 if the run needs "
                  "no crèche.")
    status = forms.ChoiceField(choices=RunStatus.choices, label="Status")
    facilitators = forms.ModelMultipleChoiceField(
        queryset=User.objects.filter(role=Role.FACILITATOR, is_active=True).order_by(
            "first_name", "username"),
        required=False, widget=forms.CheckboxSelectMultiple, label="Facilitators")
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_creche_places(self) -> int:
        return self.cleaned_data.get("creche_places") or 0  # left blank: no crèche
