"""Two tablets submitting the same register at once: one register, one mark per person."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from attendance.models import Mark, MarkRevision, Register
from attendance.services import MarkInput, register_submit
from scheduler.platform.roles import Role
from tests.attendance.factories import held_session
from tests.factories import EnrolmentFactory, UserFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_of_one_register_never_duplicate_marks():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    facilitators = UserFactory.create_batch(2, role=Role.FACILITATOR)
    session = held_session(*facilitators)
    enrolments = EnrolmentFactory.create_batch(4, run=session.run)
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def submit(by, status):  # each thread has its own database connection
        try:
            barrier.wait()
            register_submit(session=session, by=by,
                            marks=[MarkInput(e.pk, status, f"{by.pk}-{e.pk}") for e in enrolments])
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(by, status))
               for by, status in zip(facilitators, ["present", "absent"], strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert Register.objects.filter(session=session).count() == 1
    assert Mark.objects.filter(session=session).count() == 4
    assert len(set(Mark.objects.values_list("status", flat=True))) == 1  # one whole register won
    assert MarkRevision.objects.filter(session=session).count() == 8
