"""Tablet forms. The collector is chosen from the child's authorised list, never typed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from creche.models import AuthorisedCollector


class SignOutForm(forms.Form):
    collected_by = forms.ChoiceField(label="Collected by")
    password = forms.CharField(label="Collection password (if asked)", required=False,
                               max_length=60,
                               widget=forms.PasswordInput(attrs={"autocomplete": "off"}))

    def __init__(self, *args: Any, collectors: Iterable[AuthorisedCollector] = (),
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["collected_by"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Choose the adult collecting")] + [
            (c.name, f"{c.name} ({c.relationship})") for c in collectors]
