import pytest

from scheduler.platform.roles import Role
from tests.attendance.factories import held_session


@pytest.fixture
def facilitator(make_user):  # type: ignore[no-untyped-def]
    return make_user(Role.FACILITATOR)


@pytest.fixture
def session(facilitator):  # type: ignore[no-untyped-def]
    """A held session the `facilitator` runs."""
    return held_session(facilitator)
