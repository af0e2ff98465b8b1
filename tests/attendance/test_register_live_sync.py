"""Concurrent syncs against the live server: the service worker's and the page's at once.

On SQLite this needs the test database in a file (tests/conftest.py): on the shared-cache
in-memory one, the second writer was refused at once ("database table is locked", a 503).
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
import uuid

import pytest

from attendance.models import Mark
from scheduler.platform.auth import token_create
from scheduler.platform.roles import Role
from tests.attendance.factories import started_today_session
from tests.factories import EnrolmentFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True)]

CLIENTS = 4
ROUNDS = 5


def test_concurrent_reads_and_one_mark_puts_are_all_answered_and_none_lost(live_server):
    facilitator = UserFactory.create(role=Role.FACILITATOR)
    session = started_today_session(facilitator)
    enrolments = [EnrolmentFactory.create(run=session.run) for _ in range(CLIENTS)]
    _, token = token_create(user=facilitator, name="tablet")
    url = f"{live_server.url}/api/sessions/{session.pk}/register"
    barrier = threading.Barrier(CLIENTS)
    answers: list[int] = []

    def tablet(enrolment_id: int) -> None:
        barrier.wait(timeout=30)
        for i in range(ROUNDS):
            put = i % 2 == 0
            body = {"marks": [{"enrolment_id": enrolment_id, "status": "present",
                               "client_nonce": uuid.uuid4().hex}]}
            request = urllib.request.Request(
                url, method="PUT" if put else "GET",
                data=json.dumps(body).encode() if put else None,
                headers={"Authorization": f"Bearer {token}",
                         "Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    answers.append(response.status)
            except urllib.error.HTTPError as error:
                answers.append(error.code)

    threads = [threading.Thread(target=tablet, args=(e.pk,)) for e in enrolments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert answers == [200] * (CLIENTS * ROUNDS)
    assert set(Mark.objects.values_list("enrolment_id", flat=True)) == {e.pk for e in enrolments}
