"""Names with hidden direction controls and impossible dates of birth are refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from scheduler.platform.validators import (
    BIDI_CONTROLS,
    birth_date_problem,
    has_bidi_controls,
    plausible_birth_date,
    refuse_bidi_controls,
)

TODAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize("name", ["Sam\u202eyrneH", "\u2067Kim\u2069", "Jo\u200f"])
def test_a_name_with_a_direction_control_is_refused(name):
    with pytest.raises(ValidationError, match="hidden text-direction"):
        refuse_bidi_controls(name)


@given(st.text(alphabet=st.characters(blacklist_characters=sorted(BIDI_CONTROLS))))
def test_text_without_controls_is_accepted(name):
    assert not has_bidi_controls(name)
    refuse_bidi_controls(name)


@pytest.mark.parametrize("value", [dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(1905, 1, 1),
                                   dt.date(2026, 12, 2)])
def test_implausible_dates_of_birth_are_refused(value):
    assert birth_date_problem(value, TODAY) is not None


@pytest.mark.parametrize("value", [dt.date(1906, 1, 1), dt.date(1990, 6, 15), TODAY])
def test_plausible_dates_of_birth_are_accepted(value):
    assert birth_date_problem(value, TODAY) is None


def test_the_model_validator_uses_todays_date():
    with pytest.raises(ValidationError, match="future"):
        plausible_birth_date(dt.date.today() + dt.timedelta(days=1))
    plausible_birth_date(dt.date.today())
