"""Pure safe-contact rules: may we text now, is the text discreet (when: notifications.timing).

Plain functions over plain values (no ORM), property-tested with hypothesis. Times are aware
datetimes; windows are Europe/London wall-clock times, so a 09:00 window stays 09:00 local
across the clock changes. Comparisons are made on instants (UTC), never on wall times.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

import phonenumbers
from phonenumbers import PhoneNumberType

from notifications.enums import SkipReason
from scheduler.platform.timezones import LONDON

UTC = dt.UTC


@dataclass(frozen=True)
class Window:
    weekday: int  # 0 = Monday
    start: dt.time
    end: dt.time


@dataclass(frozen=True)
class ContactFacts:
    phone: str = ""
    safe_to_text: bool = False
    has_consent: bool = False
    consent_due: bool = False  # older than the re-confirmation period
    suspended: bool = False
    opted_out: bool = False
    windows: tuple[Window, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""  # a SkipReason value when refused


# --- Numbers -----------------------------------------------------------------------------------

def mobile_e164(raw: str, region: str = "GB") -> str | None:
    """The number in E.164 if it is a valid mobile, else None (landlines read texts aloud)."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    if phonenumbers.number_type(number) != PhoneNumberType.MOBILE:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def mask_phone(e164: str) -> str:
    """+447400123456 → +4474•••••456: enough to tell numbers apart, not to dial one."""
    if len(e164) < 8:
        return "•" * len(e164)
    return e164[:5] + "•" * (len(e164) - 8) + e164[-3:]


# --- May we text? -----------------------------------------------------------------------------

def may_text(contact: ContactFacts | None, at: dt.datetime) -> Decision:
    """Every rule that must hold to text this person at this moment, checked in order."""
    if contact is None or not contact.phone:
        return Decision(False, SkipReason.NO_CONTACT)
    if mobile_e164(contact.phone) is None:
        return Decision(False, SkipReason.NOT_MOBILE)
    refusals = (
        (contact.suspended, SkipReason.SUSPENDED),
        (contact.opted_out, SkipReason.OPTED_OUT),
        (not contact.safe_to_text, SkipReason.NOT_SAFE_TO_TEXT),
        (not contact.has_consent, SkipReason.NO_CONSENT),
        (contact.consent_due, SkipReason.CONSENT_RECONFIRM_DUE),
        (not in_window(contact.windows, at), SkipReason.OUTSIDE_WINDOW),
    )
    for refused, reason in refusals:
        if refused:
            return Decision(False, reason)
    return Decision(True)


def in_window(windows: tuple[Window, ...] | list[Window], at: dt.datetime) -> bool:
    """No windows recorded means no time restriction was given on the referral."""
    if not windows:
        return True
    local = at.astimezone(LONDON)
    return any(w.weekday == local.weekday() and w.start <= local.time() < w.end for w in windows)


# --- Discreet wording -------------------------------------------------------------------------

# Words that would tell a reader of the phone what the text is about. Organisation names and
# venue names are added by the caller (extra_banned).
BANNED_WORDS = (
    "domestic", "abuse", "abuser", "abusive", "violence", "violent", "programme", "program",
    "group", "refuge", "freedom", "perpetrator", "venue", "toolkit", "recovery", "respect",
    "idva", "marac", "dash", "creche", "crèche", "counselling", "survivor", "victim", "safety",
    "women's aid", "womens aid", "helpline", "course",
)


def discreet_problems(text: str, extra_banned: tuple[str, ...] = ()) -> list[str]:
    """Banned words found in the text (whole words, any case); empty when discreet."""
    lowered = text.lower()
    found = []
    for word in (*BANNED_WORDS, *(w.lower() for w in extra_banned if w.strip())):
        if re.search(rf"(?<![\w']){re.escape(word)}(?![\w'])", lowered):
            found.append(word)
    return found


# --- Length and encoding ----------------------------------------------------------------------

GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = set("^{}\\[~]|€\f")  # each costs two septets (escape + char)


@dataclass(frozen=True)
class Encoding:
    name: str  # "GSM-7" or "UCS-2"
    units: int  # septets for GSM-7, UTF-16 code units for UCS-2
    segments: int


def is_gsm7(text: str) -> bool:
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def encoding_of(text: str) -> Encoding:
    """GSM-7: 160 per single text, 153 per part; any other character: UCS-2 at 70 / 67."""
    if is_gsm7(text):
        units = sum(2 if ch in GSM7_EXTENSION else 1 for ch in text)
        return Encoding("GSM-7", units, _segments(units, 160, 153))
    units = len(text.encode("utf-16-le")) // 2
    return Encoding("UCS-2", units, _segments(units, 70, 67))


def _segments(units: int, single: int, part: int) -> int:
    if units == 0:
        return 0
    return 1 if units <= single else math.ceil(units / part)


def reminder_problems(text: str, extra_banned: tuple[str, ...] = ()) -> list[str]:
    """Everything wrong with a reminder text: indiscreet words, no opt-out, more than one
    GSM-7 segment."""
    problems = [f"Contains '{word}'" for word in discreet_problems(text, extra_banned)]
    if not re.search(r"\bSTOP\b", text):
        problems.append("Must tell the reader to reply STOP to stop these texts")
    enc = encoding_of(text)
    if enc.name != "GSM-7":
        problems.append("Uses characters outside GSM-7 (e.g. curly quotes or emoji)")
    elif enc.segments > 1:
        problems.append("Longer than one text (160 characters)")
    return problems
