import datetime as dt

import pytest
import time_machine

from tests.factories import LONDON


@pytest.fixture
def on_the_creche_day():  # type: ignore[no-untyped-def]
    """The factories' crèche runs on 6 October 2026; tests using this happen during it."""
    with time_machine.travel(dt.datetime(2026, 10, 6, 10, 0, tzinfo=LONDON), tick=False):
        yield
