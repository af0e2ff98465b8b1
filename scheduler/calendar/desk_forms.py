"""Forms of the coordinator's desk: venues and rooms, term calendars and .ics import, closures,
facilitators' hours and leave. They parse and label; the calendar services decide."""

from __future__ import annotations

from django import forms

from scheduler.calendar.forms import WEEKDAYS
from scheduler.calendar.ical import MAX_ICS_CHARS
from scheduler.models import ClosureKind, Locality, Season, Venue

DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"})
MAX_ICS_BYTES = MAX_ICS_CHARS  # bytes: never more characters than the service accepts


def _locality_choice(help_text: str) -> forms.ModelChoiceField:
    """A pick from the provider's list (unmatched localities carried over from free text are
    not offered: a coordinator resolves them on the localities page)."""
    return forms.ModelChoiceField(
        queryset=Locality.objects.filter(unmatched=False).order_by("name"), label="Locality",
        empty_label="Choose a locality", help_text=help_text)


def note_unmatched(form: forms.Form, locality: Locality | None) -> None:
    """An edit form whose record is still in an unmatched locality says so beside the select
    (which cannot show it) rather than seeming to have lost it."""
    if locality is not None and locality.unmatched:
        form.fields["locality"].help_text += (
            f" It was “{locality.name}”, carried over from free text and not on the "
            "provider's list: choose the listed locality.")


class _Versioned(forms.Form):
    """The fingerprint of what the form showed: an edit made from an overtaken form is
    refused by the service."""

    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=16)


class VenueForm(_Versioned):
    name = forms.CharField(max_length=120, label="Venue name")
    locality = _locality_choice("Local authority or district, for reports.")
    address = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                              max_length=1000, label="Address")
    is_confidential = forms.BooleanField(
        required=False, label="Confidential venue (for example a refuge)",
        help_text="Its address is shown only to coordinators and administrators, and never "
                  "appears in calendar feeds or text messages; feeds do not even name it.")
    accessibility_notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}),
                                          required=False, max_length=2000,
                                          label="Accessibility notes")
    has_creche_room = forms.BooleanField(required=False, label="Has a crèche room")


class RoomForm(_Versioned):
    name = forms.CharField(max_length=80, label="Room name")
    capacity = forms.IntegerField(min_value=1, max_value=1000, label="Capacity (people)")


class CalendarForm(_Versioned):
    name = forms.CharField(max_length=120, label="Name of the term calendar",
                           help_text='For example "Leicester City schools".')
    locality = _locality_choice("The local authority whose school terms it follows.")


class TermForm(_Versioned):
    season = forms.ChoiceField(choices=Season.choices, label="Season")
    name = forms.CharField(max_length=60, label="Name of the term",
                           help_text='For example "Autumn 2026".')
    starts_on = forms.DateField(widget=DATE, label="First day of term")
    ends_on = forms.DateField(widget=DATE, label="Last day of term")
    half_term_starts_on = forms.DateField(widget=DATE, required=False,
                                          label="First day of half-term (optional)")
    half_term_ends_on = forms.DateField(widget=DATE, required=False,
                                        label="Last day of half-term (optional)")


class IcsUploadForm(forms.Form):
    ics_file = forms.FileField(label="iCalendar (.ics) file of term dates",
                               help_text="Events named with \u201chalf term\u201d become "
                                         "half-terms; holidays are left out (the gaps between "
                                         "terms are skipped anyway). At most 200 KB.")

    def clean_ics_file(self) -> str:
        upload = self.cleaned_data["ics_file"]
        if upload.size > MAX_ICS_BYTES:
            raise forms.ValidationError("The file is larger than 200 KB.")
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("The file is not a text iCalendar file.") from None
        if "\x00" in text:
            raise forms.ValidationError("The file is not a text iCalendar file.")
        return text


class IcsApplyForm(forms.Form):
    """The previewed file's text, sent back to apply: parsed and checked again by the service."""

    ics = forms.CharField(widget=forms.HiddenInput, max_length=MAX_ICS_BYTES)


class ClosureForm(_Versioned):
    kind = forms.ChoiceField(choices=ClosureKind.choices, label="Closed",
                             widget=forms.RadioSelect, initial=ClosureKind.ORGANISATION)
    venue = forms.ModelChoiceField(queryset=Venue.objects.order_by("name"), required=False,
                                   label="Venue (for a venue closure)")
    starts_on = forms.DateField(widget=DATE, label="First day closed")
    ends_on = forms.DateField(widget=DATE, label="Last day closed")
    reason = forms.CharField(max_length=120, label="Reason",
                             help_text="Shown on the schedule preview next to skipped dates.")


class HoursForm(forms.Form):
    weekday = forms.TypedChoiceField(choices=WEEKDAYS, coerce=int, label="Day")
    starts_at = forms.TimeField(widget=TIME, label="From")
    ends_at = forms.TimeField(widget=TIME, label="Until")


class LeaveForm(forms.Form):
    starts_on = forms.DateField(widget=DATE, label="First day away")
    ends_on = forms.DateField(widget=DATE, label="Last day away")
