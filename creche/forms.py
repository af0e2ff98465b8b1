"""Crèche forms. On the tablet the collector is chosen from the child's authorised list; an
adult who is not on it is typed in, so the refusal (and the incident) is recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet

from creche.models import AuthorisedCollector, Child
from programmes.models import GroupRun, Participant
from scheduler.calendar.recurrence import LONDON


class SignOutForm(forms.Form):
    collected_by = forms.ChoiceField(label="Collected by", required=False)
    someone_else = forms.CharField(
        label="Or: someone not on the list (type the name they give)", required=False,
        max_length=120)
    password = forms.CharField(label="Collection password or answer (if asked)", required=False,
                               max_length=60,
                               widget=forms.PasswordInput(attrs={"autocomplete": "off"}))

    def __init__(self, *args: Any, collectors: Iterable[AuthorisedCollector] = (),
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["collected_by"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Choose the adult collecting")] + [
            (c.name, f"{c.name} ({c.relationship})") for c in collectors]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        chosen, other = data.get("collected_by"), (data.get("someone_else") or "").strip()
        if bool(chosen) == bool(other):
            raise forms.ValidationError("Choose the adult from the list, or type the name of "
                                        "someone not on it — not both.")
        data["name"] = chosen or other
        return data


class LateRecordForm(forms.Form):
    """A sign-in or sign-out recorded after the fact: the time it happened and why it is late."""

    time = forms.TimeField(label="Time it happened (HH:MM)",
                           widget=forms.TimeInput(attrs={"type": "time"}))
    reason = forms.CharField(label="Why it was not recorded at the time", max_length=200)
    collected_by = forms.CharField(label="Collected by (sign-out only)", required=False,
                                   max_length=120)

    def at(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, self.cleaned_data["time"], tzinfo=LONDON)


class DayForm(forms.Form):
    day = forms.DateField(required=False)


class ChildForm(forms.Form):
    known_as = forms.CharField(label="Known as", max_length=60)
    date_of_birth = forms.DateField(label="Date of birth",
                                    widget=forms.DateInput(attrs={"type": "date"}))
    allergies = forms.CharField(label="Allergies", required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))
    medical_notes = forms.CharField(label="Needs (medical, dietary, additional)", required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    photo_consent = forms.BooleanField(label="Parent agrees to photos", required=False)


class CollectorForm(forms.Form):
    name = forms.CharField(label="Name", max_length=120)
    relationship = forms.CharField(label="Relationship to the child", max_length=60)
    check_question = forms.CharField(label="Check question staff ask (optional)",
                                     required=False, max_length=120)
    password = forms.CharField(label="Password, or the answer to the question (optional)",
                               required=False, max_length=60)
    description = forms.CharField(label="Photo description: how staff recognise them (optional)",
                                  required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ParticipantChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Participant) -> str:  # type: ignore[override]
        return f"{obj.reference} ({obj.known_as})"


class NeverCollectForm(forms.Form):
    name = forms.CharField(label="Name they might give (optional)", required=False,
                           max_length=120)
    description = forms.CharField(label="Description staff can recognise",
                                  widget=forms.Textarea(attrs={"rows": 2}))
    participant = ParticipantChoiceField(label="Keep-apart participant (optional)",
                                         required=False, queryset=Participant.objects.none())

    def __init__(self, *args, keep_apart: QuerySet[Participant] | None = None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        field = self.fields["participant"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = keep_apart if keep_apart is not None else Participant.objects.none()


class ChildrenChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Child) -> str:  # type: ignore[override]
        return f"{obj.known_as} ({obj.reference})"


class PlacesForm(forms.Form):
    """Which of the parent's children need a crèche place beside the parent's sessions."""

    children = ChildrenChoiceField(label="Children who need a crèche place", required=False,
                                   queryset=Child.objects.none())

    def __init__(self, *args, parent: Participant, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        field = self.fields["children"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Child.objects.filter(parent=parent).order_by("known_as", "id")


class ParentAndChildForm(PlacesForm):
    run = forms.ModelChoiceField(label="Group (runs with a crèche)",
                                 queryset=GroupRun.objects.none())
    field_order = ["run", "children"]

    def __init__(self, *args, runs: QuerySet[GroupRun], **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        field = self.fields["run"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = runs
