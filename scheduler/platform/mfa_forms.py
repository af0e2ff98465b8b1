"""The code forms of two-step verification: a first code at enrolment, a code at sign-in."""

from __future__ import annotations

from django import forms


class EnrolCodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app", max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code",
                                      "autocapitalize": "none"}))


class VerifyCodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app, or a recovery code", max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none",
                                      "spellcheck": "false"}))
