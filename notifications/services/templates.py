"""Editable message templates and their preview (exact text, encoding, segments)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from notifications.enums import MessageKind
from notifications.models import MessageTemplate
from notifications.safety import encoding_of
from notifications.selectors import example_moment, extra_banned_words, template_body
from notifications.texts import render, template_problems
from scheduler.models import User


@dataclass(frozen=True)
class Preview:
    text: str
    encoding: str
    characters: int
    segments: int
    problems: list[str]


def template_preview(*, kind: str, body: str | None = None) -> Preview:
    """What a participant would read, as sent, for the saved template or a draft, with the
    next real session's day and time (the checks use the longest specimen)."""
    _check_kind(kind)
    body = template_body(kind=kind) if body is None else body
    problems = template_problems(kind, body, extra_banned_words())
    text = body if problems and problems[0].startswith("Unknown") else render(body,
                                                                              example_moment())
    enc = encoding_of(text)
    return Preview(text=text, encoding=enc.name, characters=enc.units, segments=enc.segments,
                   problems=problems)


@transaction.atomic
def template_update(*, kind: str, body: str, by: User) -> MessageTemplate:
    _check_kind(kind)
    problems = template_problems(kind, body, extra_banned_words())
    if problems:
        raise ValidationError({"body": problems})
    template, _ = MessageTemplate.objects.update_or_create(
        kind=kind, defaults={"body": body, "updated_by": by})
    return template


def _check_kind(kind: str) -> None:
    if kind not in MessageKind.values:
        raise ValidationError({"kind": f"Unknown kind; one of {', '.join(MessageKind.values)}."})
