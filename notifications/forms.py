"""Forms for the SMS pages (every control labelled; the services do the checking)."""

from django import forms


class TemplateForm(forms.Form):
    body = forms.CharField(
        label="Wording", max_length=480,
        widget=forms.Textarea(attrs={"rows": 3, "aria-describedby": "body-help"}),
        help_text="Placeholders: {day} (Tue), {date} (3 Nov), {time} (10:00).")
