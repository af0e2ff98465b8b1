"""What a reply from a participant means: stop in plain words, start, or danger. Pure functions.

People do not answer with exact keywords: "Stop.", "STOP!!", "Please stop texting me, he reads
my phone", "wrong number". A false stop costs one reminder; a missed stop can cost far more, so
the stop rules lean towards stopping. Danger words never decide anything on their own: they
raise the reply for a person to read first.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Twilio's own single-word keywords (it also blocks the number itself on these).
STOP_KEYWORDS = frozenset({"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke",
                           "optout"})
START_KEYWORDS = frozenset({"start", "yes", "unstop"})
STOP_FIRST_WORDS = frozenset({"stop", "stopall", "unsubscribe", "optout"})
STOP_PHRASES = (
    "please stop", "stop texting", "stop messaging", "stop sending", "stop contacting",
    "wrong number", "wrong person", "dont text", "do not text", "dont message", "do not message",
    "dont contact", "do not contact", "dont send", "do not send", "unsubscribe", "opt out",
    "remove me", "remove my number", "take me off", "no more texts", "no more messages",
    "not my phone", "not my number", "leave me alone",
)
DANGER_PHRASES = (
    "help", "scared", "afraid", "frightened", "hes here", "he is here", "hes outside",
    "he is outside", "police", "999", "emergency", "danger", "not safe", "unsafe", "hurt",
    "kill", "found me", "he knows", "he found", "reads my phone", "checks my phone",
)


@dataclass(frozen=True)
class Reading:
    intent: str  # "stop", "start" or "" (anything else)
    danger: bool


def normalise(body: str) -> str:
    """Lower case, apostrophes dropped (don't → dont), other punctuation to spaces."""
    text = unicodedata.normalize("NFKC", body).lower()
    text = re.sub(r"['’‘`]", "", text)
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def _has_phrase(text: str, phrases: tuple[str, ...]) -> bool:
    return any(re.search(rf"\b{re.escape(p)}\b", text) for p in phrases)


def read_reply(body: str) -> Reading:
    text = normalise(body)
    words = text.split()
    danger = _has_phrase(text, DANGER_PHRASES)
    if not words:
        return Reading("", danger)
    if text in STOP_KEYWORDS or words[0] in STOP_FIRST_WORDS or _has_phrase(text, STOP_PHRASES):
        return Reading("stop", danger)
    if text in START_KEYWORDS:
        return Reading("start", danger)
    return Reading("", danger)
