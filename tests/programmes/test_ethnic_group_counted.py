"""The ethnic group a person is counted in: the group they gave (GOV.UK asks it first), never
read off the background, so "prefer not to say" for the background keeps them in their group.
A plain function: every pair of answers is checked."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from programmes.enums import NON_ANSWER_VALUES, EthnicGroup, Ethnicity, ethnic_group_counted

GROUPS = [g.value for g in EthnicGroup if g.value not in NON_ANSWER_VALUES]
NON_ANSWERS = sorted(NON_ANSWER_VALUES)


@given(st.sampled_from(GROUPS), st.sampled_from(NON_ANSWERS))
def test_a_group_given_counts_whatever_is_said_of_the_background(group, background):
    assert ethnic_group_counted(ethnic_group=group, ethnicity=background) == group


@given(st.sampled_from([e.value for e in Ethnicity if e.value not in NON_ANSWER_VALUES]),
       st.sampled_from(NON_ANSWERS))
def test_a_background_given_without_a_group_counts_in_its_group(background, group):
    counted = ethnic_group_counted(ethnic_group=group, ethnicity=background)
    assert counted == background.split("_", 1)[0] and counted in GROUPS


@pytest.mark.parametrize(("group", "background", "counted"), [
    ("not_asked", "prefer_not", "prefer_not"),  # from before the group was asked
    ("not_asked", "unknown", "unknown"),
    ("not_asked", "not_asked", "not_asked"),
    ("prefer_not", "not_asked", "prefer_not"),
    ("unknown", "prefer_not", "unknown"),
    ("white", "white_roma", "white"),
])
def test_non_answers(group, background, counted):
    assert ethnic_group_counted(ethnic_group=group, ethnicity=background) == counted
