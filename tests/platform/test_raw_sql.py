"""The hand-written statements' helpers: a model's row read as the ORM reads it, and rows
inserted as the ORM inserts them, on both databases."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from attendance.models import MarkRevision
from scheduler.models import Session, User
from scheduler.models.audit import AccessRecord
from scheduler.platform.raw_sql import (
    id_table,
    insert_rows,
    model_columns,
    model_from_row,
    prepared_cursor,
)
from tests.attendance.factories import held_session
from tests.factories import EnrolmentFactory, UserFactory
from tests.rows import column_values

pytestmark = pytest.mark.django_db



def test_a_row_read_by_hand_is_the_orms_instance():
    session = held_session()
    with prepared_cursor() as cursor:
        cursor.execute(f"SELECT {model_columns(Session, 's')} FROM scheduler_session s"  # noqa: S608
                       " WHERE s.id = %s", [session.pk])
        row = cursor.fetchone()
    built = model_from_row(Session, row)
    assert column_values(built) == column_values(Session.objects.get(pk=session.pk))
    assert timezone.is_aware(built.starts_at) and not built._state.adding


def test_rows_inserted_by_hand_are_what_bulk_create_would_store():
    session = held_session()
    enrolments = EnrolmentFactory.create_batch(3, run=session.run)
    by = UserFactory.create()
    at = dt.datetime(2026, 10, 5, 10, 30, tzinfo=dt.UTC)

    def revisions(status):
        return [MarkRevision(session=session, enrolment=e, status=status, client_nonce=f"n-{e.pk}",
                             recorded_by=by, recorded_at=at, applied=True, reason="Late bus")
                for e in enrolments]

    before = timezone.now()
    insert_rows(revisions("present")[:1])  # one row
    insert_rows(revisions("late"))  # several
    insert_rows([])  # none: nothing to do
    MarkRevision.objects.bulk_create(revisions("absent"))
    stored: dict[str, list[dict[str, object]]] = {}
    for revision in MarkRevision.objects.filter(session=session).order_by("id"):
        assert revision.received_at >= before  # auto_now_add, as the ORM sets it
        stored.setdefault(revision.status, []).append(
            {k: v for k, v in column_values(revision).items()
             if k not in {"id", "status", "received_at"}})
    assert len(stored["present"]) == 1
    assert stored["late"] == stored["absent"]
    assert stored["present"][0] == stored["absent"][0]


def test_an_inserted_value_is_prepared_by_its_field():
    """IP addresses (normalised, a blank one stored as NULL) as the ORM stores them."""
    def records():
        return [AccessRecord(action="read", object_type="register", ip=ip)
                for ip in ["2001:DB8::0:1", "", "10.0.0.1"]]
    insert_rows(records())
    AccessRecord.objects.bulk_create(records())
    ips = list(AccessRecord.objects.order_by("id").values_list("ip", flat=True))
    assert ips[:3] == ips[3:] == ["2001:db8::1", None, "10.0.0.1"]


def test_an_id_table_filters_by_any_number_of_ids_as_one_parameter():
    """More ids than SQLite takes parameters (32,766), repeats and ids of no row: the rows of
    the ids that exist, and one parameter sent."""
    users = UserFactory.create_batch(3)
    wanted = [users[0].pk, users[2].pk, users[0].pk, *range(10**9, 10**9 + 40_000)]
    query = User.objects.filter(pk__in=id_table(wanted)).order_by("pk")
    assert list(query.values_list("pk", flat=True)) == [users[0].pk, users[2].pk]
    assert len(query.query.sql_with_params()[1]) == 1
    assert not User.objects.filter(pk__in=id_table([])).exists()
