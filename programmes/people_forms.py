"""Forms for the coordinator's people pages: participants (known-as, identity, demographics
asked as GOV.UK's equality questions), referrals, assessments and keep-apart links.

Every demographic question is optional: an unanswered one is stored as "not asked", and each
offers "Prefer not to say". No rules here: the services decide.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q, TextChoices

from programmes import enums
from programmes.models import Participant, ProgrammeType
from scheduler.models import Locality

# (field, question, hint, choices) in the GOV.UK equality-question order.
QUESTIONS: list[tuple[str, str, str, type[TextChoices]]] = [
    ("sex", "What is their sex?", "", enums.Sex),
    ("gender_same_as_sex", "Is the gender they identify with the same as their sex "
                           "registered at birth?", "", enums.GenderSameAsSex),
    ("sexual_orientation", "Which of the following best describes their sexual orientation?",
     "", enums.SexualOrientation),
    ("marital_status", "What is their legal marital or registered civil partnership status?",
     "", enums.MaritalStatus),
    ("pregnant", "Are they pregnant, or have they been pregnant in the last year?", "",
     enums.YesNo),
    ("ethnic_group", "What is their ethnic group?", "", enums.EthnicGroup),
    ("religion", "What is their religion?", "", enums.Religion),
    ("disability", "Do they have any physical or mental health conditions or illness lasting "
                   "or expected to last 12 months or more?", "", enums.YesNo),
    ("no_recourse_to_public_funds", "Do they have no recourse to public funds?", "",
     enums.YesNo),
    ("interpreter_needed", "Do they need an interpreter?", "", enums.YesNo),
]
NOT_ANSWERED = {"not_asked", "unknown"}
DEMOGRAPHIC_TEXT = ("first_language", "locality")


def answers(choices: type[TextChoices]) -> list[tuple[str, str]]:
    """The answers a person can give, "Prefer not to say" last (never "not asked")."""
    given = [(c.value, c.label) for c in choices if c.value not in NOT_ANSWERED | {"prefer_not"}]
    return [*given, ("prefer_not", "Prefer not to say")]


def backgrounds() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Each ethnic group with its backgrounds: (group value, group label, [(value, label)])."""
    groups = []
    for group in enums.EthnicGroup:
        if group.value in NOT_ANSWERED | {"prefer_not"}:
            continue
        options = [(e.value, e.label.split(": ", 1)[1]) for e in enums.Ethnicity
                   if e.value.startswith(group.value + "_")]
        groups.append((group.value, group.label, options))
    return groups


def _radio(label: str, choices: list[tuple[str, str]], help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(choices=choices, required=False, label=label, help_text=help_text,
                             widget=forms.RadioSelect)


def _dob_part(label: str, low: int, high: int) -> forms.IntegerField:
    return forms.IntegerField(min_value=low, max_value=high, required=False, label=label,
                              widget=forms.NumberInput(attrs={"inputmode": "numeric"}))


class ParticipantForm(forms.Form):
    known_as = forms.CharField(max_length=60, label="Known-as name",
                               help_text="Shown on registers. It need not be their legal name.")
    legal_name = forms.CharField(max_length=160, required=False, label="Legal name")
    address = forms.CharField(max_length=500, required=False, label="Address",
                              widget=forms.Textarea(attrs={"rows": 3}))
    dob_day = _dob_part("Day", 1, 31)
    dob_month = _dob_part("Month", 1, 12)
    dob_year = _dob_part("Year", 1900, 2100)
    ethnicity = forms.ChoiceField(required=False, label="Their ethnic background",
                                  widget=forms.RadioSelect)
    first_language = forms.CharField(max_length=60, required=False,
                                     label="What is their main language?")
    locality = forms.ModelChoiceField(
        queryset=Locality.objects.filter(unmatched=False).order_by("name"), required=False,
        label="Local authority or district", empty_label="Not recorded",
        help_text="For the commissioners' reports by locality.")
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, question, hint, choices in QUESTIONS:
            self.fields[name] = _radio(question, answers(choices), hint)
        background = self.fields["ethnicity"]
        assert isinstance(background, forms.ChoiceField)
        background.choices = [
            *[(v, label) for _, _, options in backgrounds() for v, label in options],
            ("prefer_not", "Prefer not to say")]
        current = self.initial.get("locality")
        if isinstance(current, Locality) and current.unmatched:
            # Still in a locality carried over from free text: offered (marked "unmatched")
            # so saving the rest of the record does not clear it.
            place = self.fields["locality"]
            assert isinstance(place, forms.ModelChoiceField)
            place.queryset = Locality.objects.filter(
                Q(unmatched=False) | Q(pk=current.pk)).order_by("unmatched", "name")

    @property
    def question_fields(self) -> list[forms.BoundField]:
        return [self[name] for name, *_ in QUESTIONS]

    def background_groups(self) -> list[dict[str, Any]]:
        """The background radios, one fieldset per ethnic group (GOV.UK: group, then
        background), each radio a bound subwidget with its own label."""
        by_value = {w.data["value"]: w for w in self["ethnicity"]}
        return [{"group": value, "legend": f"{label}: background",
                 "radios": [by_value[v] for v, _ in options]}
                for value, label, options in backgrounds()] + [
            {"group": "none", "legend": "Or", "radios": [by_value["prefer_not"]]}]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parts = [data.get(f"dob_{p}") for p in ("day", "month", "year")]
        data["date_of_birth"] = None
        if any(p is not None for p in parts) and not self.errors:
            try:
                day, month, year = (int(p) for p in parts if p is not None)
                data["date_of_birth"] = dt.date(year, month, day)
            except ValueError:  # a part missing (too few to unpack) or no such day
                self.add_error("dob_day", "Enter a real date of birth, with day, month and year.")
        return data

    def _unanswered(self, name: str) -> str:
        """No radio chosen: "not asked", unless the record already says "unknown" (which the
        page does not offer, so it is kept rather than lost)."""
        before = self.initial.get(name)
        return before if before in NOT_ANSWERED else "not_asked"

    def demographics(self) -> dict[str, Any]:
        d = self.cleaned_data
        out: dict[str, Any] = {name: d.get(name) or self._unanswered(name)
                               for name in [q[0] for q in QUESTIONS] + ["ethnicity"]}
        out |= {name: d.get(name) or "" for name in DEMOGRAPHIC_TEXT}
        return out | {"date_of_birth": d.get("date_of_birth")}


def participant_initial(participant: Participant, version: str) -> dict[str, Any]:
    identity = getattr(participant, "identity", None)
    record = getattr(participant, "demographics", None)
    initial: dict[str, Any] = {"known_as": participant.known_as, "version": version,
                               "legal_name": identity.legal_name if identity else "",
                               "address": identity.address if identity else ""}
    if record is None:
        return initial
    for name in [q[0] for q in QUESTIONS] + ["ethnicity", *DEMOGRAPHIC_TEXT]:
        initial[name] = getattr(record, name)
    if record.date_of_birth:
        dob = record.date_of_birth
        initial |= {"dob_day": dob.day, "dob_month": dob.month, "dob_year": dob.year}
    return initial


class SearchForm(forms.Form):
    q = forms.CharField(max_length=60, required=False, label="Known-as name or reference")


class ReferralForm(forms.Form):
    programme = forms.ModelChoiceField(queryset=ProgrammeType.objects.filter(is_active=True),
                                       label="Programme wanted")
    source = forms.ChoiceField(choices=enums.ReferralSource.choices, widget=forms.RadioSelect,
                               label="Who referred them?")
    referring_agency = forms.CharField(max_length=160, required=False, label="Referring agency",
                                       help_text="Needed when another agency referred them.")
    referred_on = forms.DateField(label="Date received",
                                  widget=forms.DateInput(attrs={"type": "date"}))
    priority = forms.ChoiceField(choices=enums.Priority.choices, widget=forms.RadioSelect,
                                 label="Priority", initial=enums.Priority.STANDARD)
    version = forms.CharField(widget=forms.HiddenInput, required=False)


class ReferralEditForm(ReferralForm):
    """The programme of a referral is not changed (make a new referral instead)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["programme"]


class AssessmentForm(forms.Form):
    sessions_held = forms.IntegerField(min_value=0, max_value=50, initial=0,
                                       label="Assessment sessions held")
    did_not_attend = forms.IntegerField(min_value=0, max_value=50, initial=0,
                                        label="Assessment sessions missed (did not attend)")
    outcome = forms.ChoiceField(choices=enums.AssessmentOutcome.choices,
                                widget=forms.RadioSelect, label="Outcome")
    outcome_reason = forms.CharField(max_length=300, required=False, label="Reason",
                                     help_text="Needed when unsuitable.",
                                     widget=forms.Textarea(attrs={"rows": 2}))
    decided_on = forms.DateField(required=False, label="Date decided",
                                 widget=forms.DateInput(attrs={"type": "date"}))
    version = forms.CharField(widget=forms.HiddenInput, required=False)


class KeepApartForm(forms.Form):
    other_reference = forms.CharField(
        max_length=12, label="Reference of the other person",
        help_text="Their Groupwork reference, for example GW-7KQ3-M9XD.")
    reason = forms.CharField(max_length=200, required=False, label="Reason",
                             help_text="Restricted: seen by coordinators only.",
                             widget=forms.Textarea(attrs={"rows": 2}))
    buffer_minutes = forms.IntegerField(min_value=0, max_value=24 * 60, initial=60,
                                        label="Minutes apart",
                                        help_text="Not at the same venue within this many "
                                                  "minutes either side.")
