"""The complaints and compliments log: logged, acknowledged, resolved, each with its date.

The order of the dates is one pure rule (`lifecycle_errors`), used by every service here,
so a page, the API and the admin cannot put a resolution before its acknowledgement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from programmes.enums import (
    COMPLAINT_OUTCOMES,
    COMPLIMENT_OUTCOMES,
    CommentChannel,
    CommentKind,
)
from programmes.models import CommentTheme, Participant, ProgrammeType, ServiceComment
from scheduler.models import User

TEXT_MAX = 2000


def lifecycle_errors(*, received_on: dt.date, acknowledged_on: dt.date | None,
                     resolved_on: dt.date | None, today: dt.date) -> dict[str, str]:
    """Field → message for dates out of order: received ≤ acknowledged ≤ resolved ≤ today,
    and nothing resolved that was never acknowledged."""
    errors: dict[str, str] = {}
    if received_on > today:
        errors["received_on"] = "The date received cannot be in the future."
    if acknowledged_on is not None and acknowledged_on < received_on:
        errors["acknowledged_on"] = "It cannot be acknowledged before it was received."
    elif acknowledged_on is not None and acknowledged_on > today:
        errors["acknowledged_on"] = "The date cannot be in the future."
    if resolved_on is not None and acknowledged_on is None:
        errors["resolved_on"] = "Acknowledge it before resolving it."
    elif resolved_on is not None and acknowledged_on is not None and resolved_on < acknowledged_on:
        errors["resolved_on"] = "It cannot be resolved before it was acknowledged."
    elif resolved_on is not None and resolved_on > today:
        errors["resolved_on"] = "The date cannot be in the future."
    return errors


def _check_dates(comment: ServiceComment) -> None:
    errors = lifecycle_errors(received_on=comment.received_on,
                              acknowledged_on=comment.acknowledged_on,
                              resolved_on=comment.resolved_on, today=timezone.localdate())
    if errors:
        raise ValidationError(errors)


def _check_entry(kind: str, channel: str, summary: str, themes: Sequence[CommentTheme]) -> None:
    if kind not in CommentKind.values:
        raise ValidationError({"kind": "A complaint or a compliment."})
    if channel not in CommentChannel.values:
        raise ValidationError({"channel": "Not a known channel."})
    if not summary:
        raise ValidationError({"summary": "Summarise what was said."})
    if len(summary) > TEXT_MAX:
        raise ValidationError({"summary": f"Keep it to {TEXT_MAX} characters."})
    if not themes:
        raise ValidationError({"theme_ids": "Choose at least one theme."})
    if any(not t.is_active for t in themes):
        raise ValidationError({"theme_ids": "That theme is no longer in use."})


@transaction.atomic
def comment_log(*, kind: str, received_on: dt.date, channel: str, summary: str,
                themes: Sequence[CommentTheme], programme: ProgrammeType | None = None,
                participant: Participant | None = None,
                by: User | None = None) -> ServiceComment:
    """Log a complaint or compliment as received."""
    summary = summary.strip()
    _check_entry(kind, channel, summary, themes)
    comment = ServiceComment(kind=kind, received_on=received_on, channel=channel,
                             summary=summary, programme=programme, participant=participant,
                             recorded_by=by)
    _check_dates(comment)
    comment.save()
    comment.themes.set(themes)
    return comment


def _locked(comment: ServiceComment) -> ServiceComment:
    return ServiceComment.objects.select_for_update().get(pk=comment.pk)


@transaction.atomic
def comment_acknowledge(*, comment: ServiceComment, acknowledged_on: dt.date,
                        by: User | None = None) -> ServiceComment:
    """Record when it was acknowledged (a correction is allowed until it is resolved)."""
    comment = _locked(comment)
    if comment.resolved_on is not None:
        raise ValidationError({"acknowledged_on": "It is resolved: its dates are final."})
    comment.acknowledged_on = acknowledged_on
    _check_dates(comment)
    comment.save(update_fields=["acknowledged_on"])
    return comment


def _check_outcome(kind: str, outcome: str, note: str) -> None:
    allowed = COMPLAINT_OUTCOMES if kind == CommentKind.COMPLAINT else COMPLIMENT_OUTCOMES
    if outcome not in allowed:
        raise ValidationError({"outcome": "Not an outcome for a "
                                          f"{CommentKind(kind).label.lower()}."})
    if len(note) > TEXT_MAX:
        raise ValidationError({"outcome_note": f"Keep it to {TEXT_MAX} characters."})


@transaction.atomic
def comment_resolve(*, comment: ServiceComment, resolved_on: dt.date, outcome: str,
                    outcome_note: str = "", by: User | None = None) -> ServiceComment:
    """Close it with its outcome; it must have been acknowledged first."""
    comment = _locked(comment)
    if comment.resolved_on is not None:
        raise ValidationError({"resolved_on": "It is already resolved."})
    _check_outcome(comment.kind, outcome, outcome_note.strip())
    comment.resolved_on, comment.outcome = resolved_on, outcome
    comment.outcome_note = outcome_note.strip()
    _check_dates(comment)
    comment.save(update_fields=["resolved_on", "outcome", "outcome_note"])
    return comment


@transaction.atomic
def comment_theme_create(*, name: str) -> CommentTheme:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Name the theme."})
    if CommentTheme.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": "That theme is already on the list."})
    return CommentTheme.objects.create(name=name)
