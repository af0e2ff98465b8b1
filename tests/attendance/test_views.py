import datetime as dt

import pytest
from django.utils import timezone

from attendance.models import Mark, MarkRevision, Register
from attendance.services import MarkInput, register_submit
from programmes.models import ParticipantIdentity
from scheduler.platform.roles import Role
from tests.attendance.factories import HELD, MarkFactory, RegisterFactory, started_today_session
from tests.factories import EnrolmentFactory, SessionFactory

pytestmark = pytest.mark.django_db

def page(session):
    return f"/attendance/sessions/{session.pk}/register/"


def csrf_post(client, url, data):
    """POST as the browser would: take the CSRF token from the rendered form first."""
    token = client.get(url).context["csrf_token"]
    return client.post(url, {"csrfmiddlewaretoken": str(token), **data})


def test_register_page_shows_known_as_names_only(session, facilitator, browser_client_for):
    enrolment = EnrolmentFactory.create(run=session.run, participant__known_as="Sam")
    ParticipantIdentity.objects.create(participant=enrolment.participant,
                                       legal_name="Samantha Legalname", address="1 Secret Rd")

    response = browser_client_for(facilitator).get(page(session))

    assert response.status_code == 200
    assert b"Sam" in response.content
    assert b"Legalname" not in response.content and b"Secret Rd" not in response.content
    assert f'name="mark-{enrolment.pk}"'.encode() in response.content


def test_register_page_marks_late_joiners_not_expected(session, facilitator, browser_client_for):
    late = EnrolmentFactory.create(run=session.run, joined_at=HELD + dt.timedelta(days=3))

    response = browser_client_for(facilitator).get(page(session))

    assert b"Not expected at this session" in response.content
    assert f'name="mark-{late.pk}"'.encode() not in response.content


def test_register_post_saves_and_redirects_with_a_message(session, facilitator,
                                                          browser_client_for):
    a, b = EnrolmentFactory.create_batch(2, run=session.run)
    client = browser_client_for(facilitator)

    response = csrf_post(client, page(session), {
        "submission": "tok1", f"mark-{a.pk}": "present", f"mark-{b.pk}": "excused"})

    assert (response.status_code, response.url) == (302, page(session))
    assert dict(Mark.objects.values_list("enrolment_id", "status")) == {
        a.pk: "present", b.pk: "excused"}
    followed = client.get(response.url)
    assert b"Register saved" in followed.content


def test_register_post_saves_a_partial_register(session, facilitator, browser_client_for):
    a, b = EnrolmentFactory.create_batch(2, run=session.run)

    response = csrf_post(browser_client_for(facilitator), page(session),
                         {"submission": "tok1", f"mark-{a.pk}": "present"})

    assert response.status_code == 302
    assert dict(Mark.objects.values_list("enrolment_id", "status")) == {a.pk: "present"}


def test_mark_all_present_marks_everyone_without_a_mark(session, facilitator,
                                                        browser_client_for):
    a, b, c = EnrolmentFactory.create_batch(3, run=session.run)
    MarkFactory.create(session=session, enrolment=c, status="excused")

    csrf_post(browser_client_for(facilitator), page(session),
              {"submission": "tok1", "action": "all_present", f"mark-{b.pk}": "left_early"})

    assert dict(Mark.objects.values_list("enrolment_id", "status")) == {
        a.pk: "present", b.pk: "left_early", c.pk: "excused"}


def test_a_future_session_says_it_has_not_happened_yet(facilitator, browser_client_for):
    soon = timezone.now() + dt.timedelta(days=2)
    session = SessionFactory.create(run__facilitators=[facilitator], starts_at=soon,
                                    ends_at=soon + dt.timedelta(hours=2))
    EnrolmentFactory.create(run=session.run, participant__known_as="Sam")

    response = browser_client_for(facilitator).get(page(session))

    assert b"has not happened yet" in response.content
    assert b"Sam" in response.content and b"Save register" not in response.content


def test_a_locked_register_refuses_a_change_without_a_reason(facilitator, browser_client_for):
    old = timezone.now() - dt.timedelta(days=30)
    session = SessionFactory.create(run__facilitators=[facilitator], starts_at=old,
                                    ends_at=old + dt.timedelta(hours=2))
    a = EnrolmentFactory.create(run=session.run)
    client = browser_client_for(facilitator)

    refused = csrf_post(client, page(session), {"submission": "t", f"mark-{a.pk}": "present"})
    saved = csrf_post(client, page(session), {"submission": "t", f"mark-{a.pk}": "present",
                                              "reason": "Paper sheet found"})

    assert refused.status_code == 400
    assert b"give a reason for the change" in refused.content
    assert saved.status_code == 302
    assert MarkRevision.objects.get().reason == "Paper sheet found"


def test_coordinators_see_the_history_with_before_and_after(session, facilitator, make_user,
                                                            browser_client_for):
    a = EnrolmentFactory.create(run=session.run, participant__known_as="Sam")
    register_submit(session=session, by=facilitator, marks=[MarkInput(a.pk, "absent", "1")])
    register_submit(session=session, by=facilitator, marks=[MarkInput(a.pk, "late", "2")])

    coordinator = browser_client_for(make_user(Role.COORDINATOR)).get(page(session))
    own = browser_client_for(facilitator).get(page(session))

    assert "Absent → Late".encode() in coordinator.content
    assert b"Changes to this register" not in own.content


def test_register_post_double_submit_is_a_no_op(session, facilitator, browser_client_for):
    a = EnrolmentFactory.create(run=session.run)
    client = browser_client_for(facilitator)
    data = {"submission": "same", f"mark-{a.pk}": "late"}
    csrf_post(client, page(session), data)

    csrf_post(client, page(session), data)

    assert Mark.objects.get().status == "late"
    assert Mark.objects.get().client_nonce == f"f-same-{a.pk}-late"


def test_register_page_of_another_facilitator_is_not_found(session, make_user,
                                                           browser_client_for):
    client = browser_client_for(make_user(Role.FACILITATOR))

    assert client.get(page(session)).status_code == 404


def test_register_page_is_forbidden_to_managers(session, make_user, browser_client_for):
    assert browser_client_for(make_user(Role.MANAGER)).get(page(session)).status_code == 403


def test_register_page_of_a_cancelled_session_has_no_form(facilitator, browser_client_for):
    session = SessionFactory.create(run__facilitators=[facilitator], status="cancelled")

    response = browser_client_for(facilitator).get(page(session))

    assert b"cancelled" in response.content and b"<form method=\"post\" class=\"register\"" \
        not in response.content


def test_my_sessions_lists_only_the_facilitators_sessions(facilitator, browser_client_for):
    tomorrow = timezone.now() + dt.timedelta(days=1)
    mine = SessionFactory.create(run__facilitators=[facilitator], run__name="Mine group",
                                 starts_at=tomorrow, ends_at=tomorrow + dt.timedelta(hours=2))
    SessionFactory.create(run__name="Other group", starts_at=tomorrow,
                          ends_at=tomorrow + dt.timedelta(hours=2))
    RegisterFactory.create(session=mine)

    response = browser_client_for(facilitator).get("/attendance/sessions/")

    assert [s.pk for s in response.context["page"].object_list] == [mine.pk]
    assert b"Register taken" in response.content


def test_my_sessions_paginates_past_sessions(facilitator, browser_client_for):
    past = timezone.now() - dt.timedelta(days=30)
    for i in range(25):
        start = past - dt.timedelta(days=i)
        SessionFactory.create(run__facilitators=[facilitator], starts_at=start,
                              ends_at=start + dt.timedelta(hours=1))

    response = browser_client_for(facilitator).get("/attendance/sessions/?when=past&page=2")

    assert len(response.context["page"].object_list) == 5


def test_quarterly_report_page_shows_the_quarters_figures_to_managers(make_user,
                                                                      browser_client_for):
    response = browser_client_for(make_user(Role.MANAGER)).get(
        "/attendance/reports/quarterly/?year=2026&quarter=3")

    assert response.status_code == 200
    assert b"Quarterly return 2026/27 Q3" in response.content
    assert b"People starting groups" in response.content
    assert b"/api/reports/quarterly.csv?year=2026&quarter=3" in response.content


def test_quarterly_report_page_falls_back_to_this_quarter_on_bad_input(make_user,
                                                                       browser_client_for):
    response = browser_client_for(make_user(Role.MANAGER)).get(
        "/attendance/reports/quarterly/?year=x&quarter=9")

    assert response.status_code == 200
    assert response.context["quarter"].label in response.content.decode()


def test_quarterly_report_page_is_forbidden_to_facilitators(make_user, browser_client_for):
    response = browser_client_for(make_user(Role.FACILITATOR)).get(
        "/attendance/reports/quarterly/")

    assert response.status_code == 403


@pytest.mark.parametrize("count", [1, 3])
def test_my_sessions_uses_a_fixed_number_of_queries(count, facilitator, browser_client_for,
                                                    django_assert_max_num_queries):
    tomorrow = timezone.now() + dt.timedelta(days=1)
    for _ in range(count):
        SessionFactory.create(run__facilitators=[facilitator], starts_at=tomorrow,
                              ends_at=tomorrow + dt.timedelta(hours=2))
    client = browser_client_for(facilitator)

    with django_assert_max_num_queries(6):
        response = client.get("/attendance/sessions/")

    assert len(response.context["page"].object_list) == count


@pytest.mark.parametrize("count", [1, 30])
def test_register_page_uses_a_fixed_number_of_queries(count, facilitator,
                                                      browser_client_for,
                                                      django_assert_num_queries):
    # Today's session: its quarter is running whatever the hour (no publication query).
    session = started_today_session(facilitator)
    EnrolmentFactory.create_batch(count, run=session.run)
    client = browser_client_for(facilitator)

    # Signing in (session, user, second factor); the session with its run, programme,
    # register, room, venue and topic; the people with their marks; the access-log insert.
    # "Is the quarter published?" asks nothing while the quarter runs.
    with django_assert_num_queries(6):
        response = client.get(page(session))

    assert response.content.count(b'class="mark-row') == count


@pytest.mark.parametrize("count", [1, 30])
def test_register_page_with_marks_and_history_has_a_fixed_number_of_queries(
        count, facilitator, make_user, browser_client_for,
        django_assert_num_queries):
    # Today's session: its quarter is running whatever the hour (no publication query).
    session = started_today_session(facilitator)
    for enrolment in EnrolmentFactory.create_batch(count, run=session.run):
        MarkFactory.create(session=session, enrolment=enrolment)
    client = browser_client_for(make_user(Role.COORDINATOR))  # sees the history too

    with django_assert_num_queries(7):  # as above, and the history
        response = client.get(page(session))

    assert response.content.count(b'value="present" checked') == count


def test_the_sign_in_sheet_lists_known_as_names_and_a_column_per_status(
        session, facilitator, browser_client_for):
    enrolment = EnrolmentFactory.create(run=session.run, participant__known_as="Sam")
    ParticipantIdentity.objects.create(participant=enrolment.participant,
                                       legal_name="Samantha Legalname", address="1 Secret Rd")

    response = browser_client_for(facilitator).get(f"/attendance/sessions/{session.pk}/sheet/")

    assert b"Sam" in response.content and b"Left early" in response.content
    assert b"Legalname" not in response.content and b"Secret" not in response.content


def test_entering_the_paper_sheet_marks_the_register_source_paper(session, facilitator,
                                                                  browser_client_for):
    a = EnrolmentFactory.create(run=session.run)

    csrf_post(browser_client_for(facilitator), page(session),
              {"submission": "p", "source": "paper", f"mark-{a.pk}": "present"})

    assert Register.objects.get(session=session).source == "paper"
