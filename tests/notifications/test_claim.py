"""Claim-before-send under real concurrency: however many workers run a message, one sends."""

import datetime as dt
import threading

import pytest
from django.db import OperationalError, connection

from notifications.enums import MessageStatus
from notifications.models import Message
from notifications.services import message_send
from tests.factories import LONDON, SessionFactory
from tests.notifications.factories import MessageFactory, SafeContactFactory

WORKERS = 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_send_a_message_once(fake_sms):
    if connection.vendor != "postgresql":
        # SQLite's in-memory test database uses a shared cache, where a second writer is
        # refused at once (no busy timeout): the sender's own "sent" update can lose, which
        # says nothing about the claim. The claim itself is a conditional UPDATE either way.
        pytest.skip("needs PostgreSQL row locks")
    contact = SafeContactFactory.create()
    start = dt.datetime.now(tz=LONDON) + dt.timedelta(hours=3)
    session = SessionFactory.create(starts_at=start, ends_at=start + dt.timedelta(hours=2))
    message = MessageFactory.create(participant=contact.participant, session=session,
                                    scheduled_for=start - dt.timedelta(hours=24))
    barrier = threading.Barrier(WORKERS)
    results: list[str] = []

    def worker() -> None:
        try:
            barrier.wait(timeout=10)
            results.append(message_send(message_id=message.pk))
        except OperationalError:
            results.append("locked")
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    sent = Message.objects.get(pk=message.pk)
    assert (len(fake_sms), sent.attempts, sent.status) == (1, 1, MessageStatus.SENT)
    assert len(results) == WORKERS
    assert "locked" not in results
