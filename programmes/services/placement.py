"""Keep-apart on every path into a place: enrolment, transition, offer and acceptance.

`placement_conflicts` asks the calendar's clash rules whether putting a participant on a run
would put them at the same venue, within a keep-apart link's buffer, as the person they must
be kept apart from. `placement_guard` refuses a conflict unless a coordinator gives a reason;
`placement_override_record` keeps that decision (who, when, why, which links).

What the refusal says depends on who asks: coordinators learn which link, which person (by id)
and which session; everyone else learns only that a rule applies (the brief: no names or
reasons to roles that may not see them). Messages never carry names or the link's reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.utils import timezone

from programmes.models import Enrolment, GroupRun, PlacementOverride
from scheduler.calendar.clashes import keep_apart_clashes
from scheduler.calendar.enums import SessionStatus
from scheduler.calendar.selectors import (
    active_links,
    possible_clashers,
    run_facts,
    session_slots,
    slot_for,
)
from scheduler.models import Session, User
from scheduler.platform.permissions import PLANNERS
from scheduler.platform.timezones import LONDON

RESTRICTED_MESSAGE = "A keep-apart rule applies at this venue and time (ask a coordinator)."


@dataclass(frozen=True)
class PlacementConflict:
    """One of the run's sessions that would bring two linked people together."""

    link_id: int
    session_id: int
    starts_at: dt.datetime
    other_participant_id: int
    other_session_id: int
    buffer_minutes: int


def _upcoming(run: GroupRun) -> list[Session]:
    return list(run.sessions.exclude(status=SessionStatus.CANCELLED)
                .filter(ends_at__gt=timezone.now()).select_related("room"))


def placement_conflicts(*, participant_id: int, run: GroupRun) -> list[PlacementConflict]:
    """Keep-apart conflicts if this participant attended the run's upcoming sessions."""
    links = {link.link_id: link for link in active_links([participant_id])}
    sessions = _upcoming(run) if links else []
    if not sessions:
        return []
    facts = replace(run_facts([run.pk])[run.pk], participant_ids=frozenset({participant_id}))
    planned = [slot_for(key=f"p{s.pk}", facts=facts, starts_at=s.starts_at, ends_at=s.ends_at,
                        room=s.room) for s in sessions]
    others = session_slots(possible_clashers(planned))
    by_key = {slot.key: slot for slot in planned + others}
    found = []
    for clash in keep_apart_clashes(planned + others, links.values()):
        pair = [k for k in (clash.key, clash.other) if k is not None]
        mine = next((k for k in pair if k.startswith("p")), None)
        theirs = next((k for k in pair if k.startswith("s")), None)
        if mine is None or theirs is None:
            continue
        link = links[clash.link_id]
        found.append(PlacementConflict(
            link_id=link.link_id, session_id=int(mine[1:]), starts_at=by_key[mine].starts_at,
            other_participant_id=link.b if link.a == participant_id else link.a,
            other_session_id=int(theirs[1:]), buffer_minutes=link.buffer_minutes))
    return sorted(set(found), key=lambda c: (c.starts_at, c.link_id, c.other_session_id))


def _describe(conflict: PlacementConflict) -> str:
    when = conflict.starts_at.astimezone(LONDON).strftime("%a %d %b %Y %H:%M")
    return (f"Keep-apart link {conflict.link_id}: participant {conflict.other_participant_id} "
            f"is expected at the same venue within {conflict.buffer_minutes} minutes of "
            f"session {conflict.session_id} ({when}).")


def conflict_messages(conflicts: list[PlacementConflict], viewer: User | None) -> list[str]:
    """What the refusal tells this viewer: details to planners, the bare fact to others."""
    if viewer is None or not viewer.has_role(*PLANNERS):
        return [RESTRICTED_MESSAGE]
    return [_describe(c) for c in conflicts]


def _already_overridden(enrolment: Enrolment | None) -> set[int]:
    if enrolment is None or enrolment.pk is None:
        return set()
    return set(PlacementOverride.links.through.objects.filter(
        placementoverride__enrolment=enrolment).values_list("keepapartlink_id", flat=True))


def placement_guard(*, participant_id: int, run: GroupRun, by: User | None,
                    override_reason: str = "",
                    enrolment: Enrolment | None = None) -> list[PlacementConflict]:
    """Refuse a keep-apart conflict unless a coordinator overrides it with a reason.

    Returns the conflicts being overridden (to record once the enrolment exists); links
    already overridden for this enrolment (an offer, then its acceptance) need no new reason.
    """
    covered = _already_overridden(enrolment)
    conflicts = [c for c in placement_conflicts(participant_id=participant_id, run=run)
                 if c.link_id not in covered]
    if not conflicts:
        return []
    if not override_reason.strip():
        raise ValidationError({"keep_apart": conflict_messages(conflicts, by)})
    if by is None or not by.has_role(*PLANNERS):
        raise ValidationError({"override_reason": "Only a coordinator may override a "
                                                  "keep-apart conflict."})
    return conflicts


def placement_override_record(*, enrolment: Enrolment, conflicts: list[PlacementConflict],
                              path: str, reason: str, by: User | None) -> PlacementOverride | None:
    """The audit of an override (callers ran placement_guard in the same transaction)."""
    if not conflicts or by is None:
        return None
    override = PlacementOverride.objects.create(enrolment=enrolment, path=path,
                                                reason=reason.strip()[:300], by=by)
    override.links.set(sorted({c.link_id for c in conflicts}))
    return override
