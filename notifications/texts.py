"""Message wording: defaults, placeholder rendering and the checks every template must pass.

Pure functions. Placeholders: {day} (Tue), {date} (3 Nov), {time} (10:00), Europe/London.
"""

from __future__ import annotations

import datetime as dt
import string

from notifications.enums import MessageKind
from notifications.safety import discreet_problems, encoding_of, reminder_problems
from scheduler.platform.timezones import LONDON

DEFAULT_TEMPLATES: dict[str, str] = {
    MessageKind.REMINDER: "Reminder: {day} {time}. Reply STOP to stop these texts.",
    MessageKind.CANCELLATION: "{day} {time} is off this week. Reply STOP to stop these texts.",
    MessageKind.MOVE: "Change: now {day} {date} {time}. Reply STOP to stop these texts.",
}
PLACEHOLDERS = frozenset({"day", "date", "time"})
# A specimen moment for previews: placeholders at their longest plausible width.
SPECIMEN = dt.datetime(2026, 11, 25, 18, 30, tzinfo=LONDON)


def placeholders_in(body: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(body) if name is not None}
    except ValueError:
        return {"{"}


def render(body: str, when: dt.datetime) -> str:
    local = when.astimezone(LONDON)
    return body.format_map({
        "day": local.strftime("%a"),
        "date": f"{local.day} {local.strftime('%b')}",
        "time": local.strftime("%H:%M"),
    })


def template_problems(kind: str, body: str, extra_banned: tuple[str, ...] = ()) -> list[str]:
    """Empty when the template may be saved and used."""
    unknown = placeholders_in(body) - PLACEHOLDERS
    if unknown:
        return ["Unknown placeholders: " + ", ".join(sorted(unknown))]
    text = render(body, SPECIMEN)
    if kind == MessageKind.REMINDER:
        return reminder_problems(text, extra_banned)
    problems = [f"Contains '{word}'" for word in discreet_problems(text, extra_banned)]
    if encoding_of(text).segments > 2:
        problems.append("Longer than two texts")
    return problems
