"""Fictional crèche data for demos: idempotent, so load_demo_data can run again safely.

`seed_demo` gives a few parent participants fictional children (one under two, one aged two,
one over three on the day the demo is seeded), authorised collectors (the parent and one
other adult) and one never-collect entry, puts a crèche alongside some group sessions with the
children booked, and records two qualified crèche workers (both paediatric first aiders, one
level 6). So a new user sees the crèche working, there is always a crèche TODAY (the day
`load_demo_data` runs) beside a group session of the same run (an extra session is added if the
run has none today), with the children booked and the second worker already signed on.
It returns the number of rows it created (0 on a second run the same day).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from creche.models import (
    AuthorisedCollector,
    Child,
    CrecheBooking,
    CrecheSession,
    NeverCollect,
    StaffOnDuty,
    StaffQualification,
)
from creche.ratios import first_aid_expiry
from programmes.models import Participant
from scheduler.calendar.enums import SessionKind, SessionStatus
from scheduler.calendar.recurrence import LONDON
from scheduler.calendar.selectors import local_day_bounds
from scheduler.calendar.services.sessions import session_add
from scheduler.models import Session, User
from scheduler.platform.roles import Role

# (known-as name, age in months on the seeding day, collector, relationship, password)
CHILDREN = [
    ("Poppy", 14, "Pat Example", "Grandmother", ""),
    ("Theo", 30, "Chris Example", "Aunt", "sunflower"),
    ("Ava", 50, "Sam Example", "Family friend", ""),
]
M = TypeVar("M", bound=Model)
CRECHE_MARGIN = dt.timedelta(minutes=15)  # open before the group starts, close after it ends


def _months_ago(months: int) -> dt.date:
    today = timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return dt.date(year, month + 1, min(today.day, 28))


def _counted(result: tuple[M, bool], tally: list[int]) -> M:
    obj, created = result
    tally[0] += int(created)
    return obj


def _seed_children(parents: Sequence[Participant], tally: list[int]) -> list[Child]:
    children = []
    for parent, (name, months, collector, relationship, password) in zip(
            parents, CHILDREN, strict=False):
        child = _counted(Child.objects.get_or_create(
            parent=parent, known_as=name, defaults={"date_of_birth": _months_ago(months)}), tally)
        _counted(AuthorisedCollector.objects.get_or_create(
            child=child, name=collector,
            defaults={"relationship": relationship, "password": password}), tally)
        _counted(AuthorisedCollector.objects.get_or_create(
            child=child, name=parent.known_as, defaults={"relationship": "Parent"}), tally)
        children.append(child)
    if children:
        _counted(NeverCollect.objects.get_or_create(  # by child: the name is encrypted
            child=children[0],
            defaults={"name": "Demo Never-Collect",
                      "description": "Fictional: tall man, grey beard, usually a blue cap. "
                                     "Court order: must never collect."}), tally)
    return children


def _seed_creches(sessions: Sequence[Session], tally: list[int]) -> list[CrecheSession]:
    creches = []
    for session in sessions[:2]:
        venue = session.room.venue if session.room else session.run.venue
        creches.append(_counted(CrecheSession.objects.get_or_create(session=session, defaults={
            "venue": venue, "starts_at": session.starts_at - CRECHE_MARGIN,
            "ends_at": session.ends_at + CRECHE_MARGIN, "capacity": 8}), tally))
    return creches


def _seed_workers(staff: Sequence[User], tally: list[int]) -> list[User]:
    workers = [u for u in staff if u.role == Role.CRECHE_WORKER]
    for number, worker in enumerate(workers):
        _counted(StaffQualification.objects.get_or_create(user=worker, defaults={
            "paediatric_first_aid_expires": first_aid_expiry(timezone.localdate()),
            "level_6_qualified": number == 0}), tally)
    return workers


# Slots tried for today's extra group session, in order, until one has no blocking clash.
TODAY_SLOTS = [(dt.time(h, 0), dt.time(h + 2, 0)) for h in (10, 13, 15, 17, 8, 19)]


def _todays_session(sessions: Sequence[Session], by: User | None) -> Session | None:
    if not sessions:
        return None
    today = timezone.localdate()
    start, end = local_day_bounds(today)
    found = (Session.objects.filter(run_id__in={s.run_id for s in sessions}, starts_at__gte=start,
                                    starts_at__lt=end)
             .exclude(status=SessionStatus.CANCELLED).order_by("starts_at").first())
    if found is not None:
        return found
    for opens, closes in TODAY_SLOTS:
        try:
            return session_add(run=sessions[0].run, kind=SessionKind.EXTRA,
                               starts_at=dt.datetime.combine(today, opens, tzinfo=LONDON),
                               ends_at=dt.datetime.combine(today, closes, tzinfo=LONDON),
                               reason="Demo: a group with a crèche today", by=by)
        except ValidationError:
            continue
    return None


def _seed_today(sessions: Sequence[Session], workers: Sequence[User], by: User | None,
                tally: list[int]) -> list[CrecheSession]:
    session = _todays_session(sessions, by)
    if session is None:
        return []
    creche = _seed_creches([session], tally)[0]
    if len(workers) > 1 and not creche.staff_on_duty.exists():
        _counted(StaffOnDuty.objects.get_or_create(
            creche_session=creche, user=workers[1],
            defaults={"signed_on_at": min(timezone.now(), creche.starts_at)}), tally)
    return [creche]


@transaction.atomic
def seed_demo(*, parents: Sequence[Participant], sessions: Sequence[Session],
              staff: Sequence[User]) -> int:
    tally = [0]
    children = _seed_children(parents, tally)
    workers = _seed_workers(staff, tally)
    booker = next((u for u in staff if u.role == Role.COORDINATOR),
                  workers[0] if workers else None)
    creches = [*_seed_creches(sessions, tally), *_seed_today(sessions, workers, booker, tally)]
    if booker is not None:
        for creche in creches:
            for child in children:
                _counted(CrecheBooking.objects.get_or_create(
                    creche_session=creche, child=child, defaults={"created_by": booker}), tally)
    return tally[0]
