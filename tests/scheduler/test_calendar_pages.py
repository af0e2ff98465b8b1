"""The coordinators' term at a glance."""

import datetime as dt

import pytest

from scheduler.platform.roles import Role
from tests.factories import LONDON
from tests.scheduler.factories import make_run, make_session, make_term

pytestmark = pytest.mark.django_db

TUE_10 = dt.datetime(2026, 11, 3, 10, tzinfo=LONDON)


def two_hours(start: dt.datetime) -> dict[str, dt.datetime]:
    return {"starts_at": start, "ends_at": start + dt.timedelta(hours=2)}


def test_term_glance_shows_sessions_by_week_and_flags_clashes(browser_client_for, make_user):
    term = make_term()
    # A facilitator in two places at once (PostgreSQL refuses to save a room clash).
    busy = make_user(Role.FACILITATOR)
    first = make_session(run=make_run(name="Freedom Tuesday", facilitators=[busy]),
                         **two_hours(TUE_10))
    make_session(run=make_run(facilitators=[busy]), **two_hours(TUE_10 + dt.timedelta(hours=1)))

    page = browser_client_for(make_user(Role.COORDINATOR)).get(f"/calendar/?term={term.pk}")

    html = page.content.decode()
    assert page.status_code == 200
    assert "Freedom Tuesday #" in html and first.run.venue.name in html
    assert html.count('class="badge">Clash: open to see why<') == 2


def test_term_glance_back_to_back_sessions_are_not_flagged(browser_client_for, make_user):
    term = make_term()
    busy = make_user(Role.FACILITATOR)
    first = make_session(run=make_run(facilitators=[busy]), **two_hours(TUE_10))
    make_session(run=make_run(room=first.room, facilitators=[busy]),
                 **two_hours(TUE_10 + dt.timedelta(hours=2)))

    client = browser_client_for(make_user(Role.COORDINATOR))
    html = client.get(f"/calendar/?term={term.pk}").content.decode()

    assert "badge\">Clash<" not in html


def test_term_glance_filters_by_venue_and_has_a_print_view(browser_client_for, make_user):
    term = make_term()
    shown = make_session(run__name="Shown run", **two_hours(TUE_10))
    make_session(run__name="Hidden run", **two_hours(TUE_10))
    client = browser_client_for(make_user(Role.COORDINATOR))

    html = client.get(f"/calendar/?term={term.pk}&venue={shown.run.venue_id}&print=1"
                      ).content.decode()

    assert "Shown run" in html and "Hidden run" not in html and "<form method=\"get\"" not in html


def test_term_glance_is_refused_to_facilitators(browser_client_for, make_user):
    make_term()
    response = browser_client_for(make_user(Role.FACILITATOR)).get("/calendar/")
    assert response.status_code == 403


@pytest.mark.parametrize("count", [1, 3])
def test_term_glance_query_count_does_not_grow_with_sessions(
        browser_client_for, make_user, django_assert_max_num_queries, count):
    term = make_term()
    client = browser_client_for(make_user(Role.COORDINATOR))
    for n in range(count):
        make_session(**two_hours(TUE_10 + dt.timedelta(days=n)))
    with django_assert_max_num_queries(16):
        assert client.get(f"/calendar/?term={term.pk}").status_code == 200
