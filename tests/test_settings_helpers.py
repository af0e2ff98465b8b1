"""The strict env helpers in scheduler/settings.py: defaults when unset, loud errors when wrong."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from scheduler.settings import env_bool, env_choice, env_int, env_list, env_str

VAR = "GW_TEST_SETTING"


@pytest.fixture
def env(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.delenv(VAR, raising=False)

    def set_value(value: str) -> None:
        monkeypatch.setenv(VAR, value)

    return set_value


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", "yes", "On", " true "])
def test_env_bool_reads_true_spellings(env, raw):
    env(raw)

    assert env_bool(VAR, False) is True


@pytest.mark.parametrize("raw", ["0", "false", "False", "no", "OFF"])
def test_env_bool_reads_false_spellings(env, raw):
    env(raw)

    assert env_bool(VAR, True) is False


@pytest.mark.parametrize("default", [True, False])
def test_env_bool_unset_or_empty_gives_default(env, default):
    assert env_bool(VAR, default) is default
    env("")
    assert env_bool(VAR, default) is default


@pytest.mark.parametrize("raw", ["maybe", "2", "y", "enabled"])
def test_env_bool_rejects_other_values_naming_the_variable(env, raw):
    env(raw)

    with pytest.raises(ImproperlyConfigured, match=rf"{VAR} must be a boolean.*{raw!r}"):
        env_bool(VAR, True)


def test_env_int_parses_integers(env):
    env("31536000")

    assert env_int(VAR, 0) == 31536000


def test_env_int_unset_or_empty_gives_default(env):
    assert env_int(VAR, 7) == 7
    env("")
    assert env_int(VAR, 7) == 7


@pytest.mark.parametrize("raw", ["ten", "1.5", "20s"])
def test_env_int_rejects_non_integers_naming_the_variable(env, raw):
    env(raw)

    with pytest.raises(ImproperlyConfigured, match=rf"{VAR} must be an integer"):
        env_int(VAR, 0)


def test_env_list_splits_on_commas_and_drops_blanks(env):
    env(" groupwork.example.org, ,www.example.org ,")

    assert env_list(VAR, []) == ["groupwork.example.org", "www.example.org"]


def test_env_list_unset_gives_default(env):
    assert env_list(VAR, ["localhost"]) == ["localhost"]


def test_env_list_empty_means_empty_list(env):
    env("")

    assert env_list(VAR, ["localhost"]) == []


def test_env_choice_accepts_a_listed_value(env):
    env("twilio")

    assert env_choice(VAR, "console", {"console", "twilio"}) == "twilio"


def test_env_choice_unset_gives_default(env):
    assert env_choice(VAR, "console", {"console", "twilio"}) == "console"


def test_env_choice_rejects_unlisted_values_listing_the_choices(env):
    env("Twilio")

    with pytest.raises(ImproperlyConfigured, match=r"must be one of \['console', 'twilio'\]"):
        env_choice(VAR, "console", {"console", "twilio"})


def test_env_str_unset_gives_default(env):
    assert env_str(VAR, "fallback") == "fallback"
