"""Programme types and group runs: the coordinator's catalogue and deliveries."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from programmes.enums import Delivery, RunStatus
from programmes.models import GroupRun, ProgrammeType, Topic
from programmes.services.capacity import places_taken
from scheduler.models import Funder, Room, User, Venue

PROGRAMME_FIELDS = {f.name for f in ProgrammeType._meta.concrete_fields} - {"id"}
RUN_FIELDS = {"name", "capacity", "status", "venue", "room", "creche_places"}
REQUIRED_RUN_FIELDS = RUN_FIELDS - {"room"}


def _check_programme(programme: ProgrammeType) -> None:
    errors: dict[str, str] = {}
    p = programme
    if p.age_min is not None and p.age_max is not None and p.age_min > p.age_max:
        errors["age_max"] = "Must not be below the minimum age."
    if (p.min_group_size is not None and p.max_group_size is not None
            and p.min_group_size > p.max_group_size):
        errors["max_group_size"] = "Must not be below the minimum group size."
    if (p.completion_min_sessions is not None and p.session_count is not None
            and p.completion_min_sessions > p.session_count):
        errors["completion_min_sessions"] = "Cannot exceed the number of sessions."
    if p.completion_all_core_topics and p.delivery != Delivery.ROLLING:
        errors["completion_all_core_topics"] = "Only rolling programmes complete by topic."
    if errors:
        raise ValidationError(errors)
    programme.full_clean()


@transaction.atomic
def programme_create(*, data: Mapping[str, Any],
                     topics: Iterable[Mapping[str, Any]] = ()) -> ProgrammeType:
    programme = ProgrammeType(**{k: v for k, v in data.items() if k in PROGRAMME_FIELDS})
    _check_programme(programme)
    programme.save()
    programme_set_topics(programme=programme, topics=topics)
    return programme


@transaction.atomic
def programme_update(*, programme: ProgrammeType, changes: Mapping[str, Any]) -> ProgrammeType:
    for field, value in changes.items():
        if field in PROGRAMME_FIELDS:
            setattr(programme, field, value)
    _check_programme(programme)
    programme.save()
    return programme


@transaction.atomic
def programme_set_topics(*, programme: ProgrammeType,
                         topics: Iterable[Mapping[str, Any]]) -> list[Topic]:
    """Replace the ordered curriculum. Order follows the list; titles must be unique."""
    rows = [Topic(programme=programme, order=i, title=str(t.get("title", "")).strip(),
                  is_core=bool(t.get("is_core", True))) for i, t in enumerate(topics, start=1)]
    titles = [row.title for row in rows]
    if any(not title for title in titles):
        raise ValidationError({"topics": "Every topic needs a title."})
    if len(set(titles)) != len(titles):
        raise ValidationError({"topics": "Topic titles must be unique."})
    # Sessions point at topics (SET_NULL): update in place where the order already exists.
    existing = {t.order: t for t in programme.topics.all()}
    programme.topics.exclude(order__in=[r.order for r in rows]).delete()
    for row in rows:
        current = existing.get(row.order)
        if current is None:
            row.save()
        else:
            current.title, current.is_core = row.title, row.is_core
            current.save(update_fields=["title", "is_core"])
    return list(programme.topics.all())


def _check_run(run: GroupRun) -> None:
    if run.room is not None and run.room.venue_id != run.venue_id:
        raise ValidationError({"room": "The room is not at this venue."})
    if run.capacity < 1:
        raise ValidationError({"capacity": "Must be at least 1."})
    run.full_clean(exclude=["facilitators"])


@transaction.atomic
def run_create(*, programme: ProgrammeType, name: str, venue: Venue, capacity: int,
               room: Room | None = None, status: str | None = None,
               facilitators: Iterable[User] = (), creche_places: int = 0,
               funder: Funder | None = None) -> GroupRun:
    run = GroupRun(programme=programme, name=name, venue=venue, room=room, capacity=capacity,
                   creche_places=creche_places, funder=funder)
    if status:
        run.status = status
    _check_run(run)
    run.save()
    run.facilitators.set(list(facilitators))
    return run


# A run moves forward only; a finished or cancelled run stays so (start a new run instead).
RUN_TRANSITIONS: dict[str, set[str]] = {
    RunStatus.PLANNED: {RunStatus.OPEN, RunStatus.RUNNING, RunStatus.CANCELLED},
    RunStatus.OPEN: {RunStatus.PLANNED, RunStatus.RUNNING, RunStatus.CANCELLED},
    RunStatus.RUNNING: {RunStatus.FINISHED, RunStatus.CANCELLED},
    RunStatus.FINISHED: set(),
    RunStatus.CANCELLED: set(),
}


def run_version(run: GroupRun) -> str:
    """A fingerprint of what a run's edit form shows: a form carries it, and an update made
    from a form that no longer matches (someone else changed the run) is refused."""
    facilitators = sorted(run.facilitators.values_list("id", flat=True))
    facts = (run.programme_id, run.name, run.venue_id, run.room_id, run.capacity, run.status,
             run.creche_places, facilitators)
    return hashlib.sha256(repr(facts).encode()).hexdigest()[:16]


@transaction.atomic
def run_update(*, run: GroupRun, changes: Mapping[str, Any],
               facilitators: Iterable[User] | None = None,
               expected_version: str | None = None) -> GroupRun:
    run = GroupRun.objects.select_for_update().get(pk=run.pk)  # capacity is checked under it
    if expected_version is not None and expected_version != run_version(run):
        raise ValidationError({"version": "Someone else changed this run since you opened "
                                          "the form. Reload it to see their changes."})
    emptied = sorted(f for f in REQUIRED_RUN_FIELDS if f in changes and changes[f] is None)
    if emptied:  # a PATCH {"capacity": null} must be a 422, not an IntegrityError
        raise ValidationError({field: "This field cannot be empty." for field in emptied})
    status = changes.get("status", run.status)
    if status != run.status and status not in RUN_TRANSITIONS.get(run.status, set()):
        raise ValidationError({"status": f"A {run.status} run cannot become {status}."})
    for field, value in changes.items():
        if field in RUN_FIELDS:
            setattr(run, field, value)
    if run.capacity is not None and run.capacity < places_taken(run_id=run.pk):
        raise ValidationError({"capacity": "More places are already taken or offered."})
    _check_run(run)
    run.save()
    if facilitators is not None:
        run.facilitators.set(list(facilitators))
    return run
