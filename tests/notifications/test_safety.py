"""Pure safe-contact rules, property-tested: no database."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from notifications.enums import MessageKind, SkipReason
from notifications.safety import (
    LONDON,
    ContactFacts,
    Window,
    discreet_problems,
    encoding_of,
    mask_phone,
    may_text,
    mobile_e164,
    reminder_problems,
)
from notifications.texts import DEFAULT_TEMPLATES, SPECIMEN, render

MOBILE = "+447400123456"
OK = ContactFacts(phone=MOBILE, safe_to_text=True, has_consent=True)
GSM_CHARS = "abcXYZ0129 .,:!?@£$-"


def test_may_text_allows_an_opted_in_safe_mobile():
    assert may_text(OK, dt.datetime(2026, 10, 6, 9, tzinfo=LONDON)).allowed


def test_may_text_refuses_each_unsafe_state_with_its_reason():
    at = dt.datetime(2026, 10, 6, 9, tzinfo=LONDON)  # a Tuesday
    cases = {
        SkipReason.NO_CONTACT: ContactFacts(),
        SkipReason.NOT_MOBILE: ContactFacts(phone="+441212345678", safe_to_text=True,
                                            has_consent=True),
        SkipReason.SUSPENDED: ContactFacts(**{**OK.__dict__, "suspended": True}),
        SkipReason.OPTED_OUT: ContactFacts(**{**OK.__dict__, "opted_out": True}),
        SkipReason.NOT_SAFE_TO_TEXT: ContactFacts(**{**OK.__dict__, "safe_to_text": False}),
        SkipReason.NO_CONSENT: ContactFacts(**{**OK.__dict__, "has_consent": False}),
        SkipReason.OUTSIDE_WINDOW: ContactFacts(
            **{**OK.__dict__, "windows": (Window(0, dt.time(9), dt.time(10)),)}),
    }

    reasons = {expected: may_text(facts, at).reason for expected, facts in cases.items()}

    assert reasons == {reason: reason for reason in cases}
    assert may_text(None, at).reason == SkipReason.NO_CONTACT


def test_mobile_e164_accepts_uk_mobiles_in_any_format_and_refuses_landlines():
    assert mobile_e164("07400 123456") == MOBILE
    assert mobile_e164("+44 7400 123456") == MOBILE
    assert mobile_e164("0121 234 5678") is None
    assert mobile_e164("not a number") is None


def test_mask_phone_keeps_only_the_ends():
    assert mask_phone(MOBILE) == "+4474•••••456"


def test_discreet_problems_finds_revealing_words_in_any_case():
    text = "Your FREEDOM Programme group at the venue (domestic abuse support)"

    assert discreet_problems(text) == ["domestic", "abuse", "programme", "group", "freedom",
                                       "venue"]


def test_discreet_problems_adds_the_callers_words():
    assert discreet_problems("See you at Oak House", ("Oak House",)) == ["oak house"]
    assert discreet_problems("Reminder: Tue 10:00. Reply STOP to stop these texts.") == []


@given(st.text(alphabet=GSM_CHARS, max_size=160))
def test_gsm_text_up_to_160_characters_is_one_segment(text):
    enc = encoding_of(text)

    assert (enc.name, enc.segments) == ("GSM-7", 1 if text else 0)


@given(st.text(alphabet=GSM_CHARS, min_size=161, max_size=1000))
def test_long_gsm_text_splits_into_153_character_parts(text):
    enc = encoding_of(text)

    assert (enc.segments - 1) * 153 < len(text) <= enc.segments * 153


@given(st.text(alphabet=GSM_CHARS, max_size=200), st.sampled_from("’“😀ł"))
def test_one_non_gsm_character_makes_the_whole_text_ucs2(text, odd):
    enc = encoding_of(text + odd)

    assert enc.name == "UCS-2"
    assert enc.segments == (1 if enc.units <= 70 else -(-enc.units // 67))


def test_gsm_extension_characters_count_twice():
    assert encoding_of("€" * 80).units == 160
    assert encoding_of("€" * 81).segments == 2


def test_reminder_problems_accepts_the_default_reminder():
    assert reminder_problems("Reminder: Tue 10:00. Reply STOP to stop these texts.") == []


def test_reminder_problems_refuses_curly_quotes_missing_stop_and_long_texts():
    assert reminder_problems("Reminder: Tue 10:00. Don’t forget. Reply STOP.") == [
        "Uses characters outside GSM-7 (e.g. curly quotes or emoji)"]
    assert reminder_problems("Reminder: Tue 10:00.") == [
        "Must tell the reader to reply STOP to stop these texts"]
    assert reminder_problems("x" * 150 + " Reply STOP") == ["Longer than one text (160 characters)"]


@given(st.datetimes(min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2030, 12, 31),
                    timezones=st.just(LONDON)))
def test_default_reminder_fits_one_gsm_text_at_any_time(when):
    text = render(DEFAULT_TEMPLATES[MessageKind.REMINDER], when)

    assert reminder_problems(text) == []


@given(st.datetimes(min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2030, 12, 31),
                    timezones=st.just(LONDON)))
def test_the_preview_specimen_is_never_shorter_than_a_real_rendering(when):
    for body in DEFAULT_TEMPLATES.values():
        assert len(render(body, when)) <= len(render(body, SPECIMEN))
