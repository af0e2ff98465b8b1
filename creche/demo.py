"""Fictional crèche data for demos: idempotent, so load_demo_data can run again safely.

`seed_demo` gives a few parent participants fictional children (one under two, one aged two,
one over three on the day the demo is seeded), authorised collectors (the parent and one
other adult) and one never-collect
entry, puts a crèche alongside some group sessions with the children booked, and records a
qualified crèche worker. It returns the number of rows it created (0 on a second run).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TypeVar

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from creche.models import (
    AuthorisedCollector,
    Child,
    CrecheBooking,
    CrecheSession,
    NeverCollect,
    StaffQualification,
)
from creche.ratios import first_aid_expiry
from programmes.models import Participant
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
        _counted(NeverCollect.objects.get_or_create(
            child=children[0], name="Demo Never-Collect",
            defaults={"description": "Fictional: must never collect (court order)."}), tally)
    return children


def _seed_creches(sessions: Sequence[Session], tally: list[int]) -> list[CrecheSession]:
    creches = []
    for session in sessions[:2]:
        venue = session.room.venue if session.room else session.run.venue
        creches.append(_counted(CrecheSession.objects.get_or_create(session=session, defaults={
            "venue": venue, "starts_at": session.starts_at - CRECHE_MARGIN,
            "ends_at": session.ends_at + CRECHE_MARGIN, "capacity": 8}), tally))
    return creches


def _seed_worker(staff: Sequence[User], tally: list[int]) -> User | None:
    worker = next((u for u in staff if u.role == Role.CRECHE_WORKER), None)
    if worker is not None:
        _counted(StaffQualification.objects.get_or_create(user=worker, defaults={
            "paediatric_first_aid_expires": first_aid_expiry(timezone.localdate()),
            "level_6_qualified": True}), tally)
    return worker


@transaction.atomic
def seed_demo(*, parents: Sequence[Participant], sessions: Sequence[Session],
              staff: Sequence[User]) -> int:
    tally = [0]
    children = _seed_children(parents, tally)
    creches = _seed_creches(sessions, tally)
    worker = _seed_worker(staff, tally)
    booker = next((u for u in staff if u.role == Role.COORDINATOR), worker)
    if booker is not None:
        for creche in creches:
            for child in children:
                _counted(CrecheBooking.objects.get_or_create(
                    creche_session=creche, child=child, defaults={"created_by": booker}), tally)
    return tally[0]
