"""Form parsing for the planning pages (no rules here: the services decide)."""

from __future__ import annotations

import datetime as dt

from django import forms

from scheduler.models import TermCalendar

WEEKDAYS = [(str(i), name) for i, name in enumerate(
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])]


class ScheduleForm(forms.Form):
    weekdays = forms.TypedMultipleChoiceField(
        choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple, label="On these days")
    every_weeks = forms.TypedChoiceField(
        choices=[("1", "Every week"), ("2", "Every fortnight")], coerce=int, initial="1",
        widget=forms.RadioSelect, label="How often")
    start_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}),
                                 label="First possible date")
    start_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}),
                                 label="Start time", initial=dt.time(10))
    duration_minutes = forms.IntegerField(min_value=1, max_value=720, initial=120,
                                          label="Length in minutes")
    target_sessions = forms.IntegerField(min_value=1, max_value=200, initial=12,
                                         label="Number of sessions")
    calendars = forms.ModelMultipleChoiceField(
        queryset=TermCalendar.objects.order_by("name"), required=False,
        widget=forms.CheckboxSelectMultiple, label="Follow these school term calendars",
        help_text="Holidays and half-terms in these calendars are skipped. Bank holidays and "
                  "the organisation's and venue's closures are always skipped.")


class _When(forms.Form):
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Date")
    starts = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), label="Starts")
    ends = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), label="Ends")

    def moments(self, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
        day = self.cleaned_data["day"]
        return (dt.datetime.combine(day, self.cleaned_data["starts"], tzinfo=tz),
                dt.datetime.combine(day, self.cleaned_data["ends"], tzinfo=tz))


class MoveForm(_When):
    reason = forms.CharField(max_length=200, required=False, label="Reason (optional)")


class CancelForm(forms.Form):
    reason = forms.CharField(max_length=200, label="Reason for cancelling")


class AddSessionForm(_When):
    kind = forms.ChoiceField(choices=[("extra", "Extra session"), ("catch_up", "Catch-up session")],
                             label="Kind")
    reason = forms.CharField(max_length=200, required=False, label="Reason (optional)")
