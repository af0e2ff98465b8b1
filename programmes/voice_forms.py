"""Forms for feedback, the complaints and compliments log, and next steps (no rules: the
services decide; these parse and show their refusals against the right field)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from programmes.enums import (
    COMPLAINT_OUTCOMES,
    COMPLIMENT_OUTCOMES,
    CommentChannel,
    CommentKind,
    FeedbackRating,
    NextStep,
)
from programmes.models import CommentTheme, Enrolment, ProgrammeType
from programmes.services.feedback import ANONYMOUS_WITH_ID

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})  # what <input type=date> reads
# Fields a participant's id could arrive in: an anonymous form carrying one is refused.
IDENTITY_FIELDS = ("participant", "participant_id", "enrolment_id")


def add_service_errors(form: forms.Form, exc: ValidationError,
                       names: dict[str, str] | None = None) -> None:
    """A service's field errors on the form's fields (renamed by `names`), others form-wide."""
    for field, errors in exc.message_dict.items():
        name = (names or {}).get(field, field)
        form.add_error(name if name in form.fields else None, errors)


class KioskRatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="Overall, how was the group for you?", coerce=int, required=False,
        empty_value=None, widget=forms.RadioSelect,
        choices=[(str(v), label) for v, label in FeedbackRating.choices])


class KioskCommentForm(forms.Form):
    comment = forms.CharField(label="Is there anything you would like to tell us?",
                              required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 6}))


class KioskNameForm(forms.Form):
    named = forms.TypedChoiceField(
        label="Would you like to put your name to this?", coerce=lambda v: v == "yes",
        widget=forms.RadioSelect, initial="no",
        choices=[("no", "No, keep it anonymous. Your name is not kept with it."),
                 ("yes", "Yes, add my name to it.")])


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.participant.known_as)


class PaperFeedbackForm(forms.Form):
    """A paper feedback form copied in by staff. Anonymous unless the box is unticked and
    she is chosen; no member of staff is stored with it."""

    received_on = forms.DateField(label="Date on the form", widget=DATE)
    rating = forms.TypedChoiceField(label="Rating", coerce=int, required=False,
                                    empty_value=None,
                                    choices=[("", "No rating"), *FeedbackRating.choices])
    comment = forms.CharField(label="What she wrote", required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 5}))
    anonymous = forms.BooleanField(label="Anonymous (her name is not kept)", required=False,
                                   initial=True)
    enrolment = PersonChoiceField(queryset=Enrolment.objects.none(), required=False,
                                       label="She chose to put her name to it",
                                       empty_label="—")

    def __init__(self, *args: Any, enrolments: QuerySet[Enrolment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        enrolment = self.fields["enrolment"]
        assert isinstance(enrolment, forms.ModelChoiceField)
        enrolment.queryset = enrolments

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("anonymous") and (data.get("enrolment") is not None
                                      or any(self.data.get(f) for f in IDENTITY_FIELDS)):
            self.add_error("enrolment", ANONYMOUS_WITH_ID)
        return data


class CommentForm(forms.Form):
    kind = forms.ChoiceField(choices=CommentKind.choices, widget=forms.RadioSelect)
    received_on = forms.DateField(label="Received on", widget=DATE)
    channel = forms.ChoiceField(choices=CommentChannel.choices)
    themes = forms.ModelMultipleChoiceField(queryset=CommentTheme.objects.filter(is_active=True),
                                            widget=forms.CheckboxSelectMultiple)
    summary = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
                              help_text="Managers never see this: they see counts and themes.")
    programme = forms.ModelChoiceField(queryset=ProgrammeType.objects.filter(is_active=True),
                                       required=False, label="About which programme (if any)")


class AcknowledgeForm(forms.Form):
    acknowledged_on = forms.DateField(label="Acknowledged on", widget=DATE)


class ResolveForm(forms.Form):
    resolved_on = forms.DateField(label="Resolved on", widget=DATE)
    outcome = forms.ChoiceField(choices=[])
    outcome_note = forms.CharField(label="Note", max_length=2000, required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        outcomes = COMPLAINT_OUTCOMES if kind == CommentKind.COMPLAINT else COMPLIMENT_OUTCOMES
        outcome = self.fields["outcome"]
        assert isinstance(outcome, forms.ChoiceField)
        outcome.choices = [(o.value, o.label) for o in outcomes]


class NextStepForm(forms.Form):
    step = forms.ChoiceField(choices=NextStep.choices, widget=forms.RadioSelect,
                             label="Her next step")
    programme = forms.ModelChoiceField(
        queryset=ProgrammeType.objects.none(), required=False, empty_label="—",
        label="One of our programmes (a referral to it is made)")
    detail = forms.CharField(max_length=200, required=False,
                             label="Detail (e.g. the service she was signposted to)")

    def __init__(self, *args: Any, enrolment: Enrolment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programme = self.fields["programme"]
        assert isinstance(programme, forms.ModelChoiceField)
        programme.queryset = ProgrammeType.objects.filter(is_active=True).exclude(
            pk=enrolment.run.programme_id)
