"""Forms for the SMS pages (every control labelled; the services do the checking)."""

from django import forms

from notifications.consent import CONSENT_WORDINGS, CURRENT_WORDING
from notifications.enums import ConsentMethod


class TemplateForm(forms.Form):
    body = forms.CharField(
        label="Wording", max_length=480,
        widget=forms.Textarea(attrs={"rows": 3, "aria-describedby": "body-help"}),
        help_text="Placeholders: {day} (Tue), {date} (3 Nov), {time} (10:00).")


class ConsentForm(forms.Form):
    method = forms.ChoiceField(label="How they gave consent", choices=ConsentMethod.choices,
                               widget=forms.RadioSelect)
    wording_version = forms.ChoiceField(
        label="Wording read or shown", initial=CURRENT_WORDING,
        choices=[(v, f"Version {v}") for v in CONSENT_WORDINGS])
