"""The access log: a record after each kind of read and export (pages, API, admin), the
administrators' page, API and CSV, append-only in the ORM and (PostgreSQL) in the database."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from scheduler.models import AccessRecord
from scheduler.models.audit import AppendOnly
from scheduler.platform.access_log import neutralised
from scheduler.platform.roles import Role
from tests.creche.factories import ChildFactory, CrecheBookingFactory
from tests.factories import EnrolmentFactory, ParticipantFactory, SessionFactory
from tests.notifications.factories import SafeContactFactory

pytestmark = pytest.mark.django_db


def kinds() -> list[tuple[str, str, str]]:
    return sorted(AccessRecord.objects.values_list("action", "object_type", "object_ids"))


@pytest.fixture
def admin(make_user):
    return make_user(Role.ADMIN, is_staff=True, is_superuser=True)


def test_creche_child_reads_through_the_api_are_recorded(make_user, client_for):
    child = ChildFactory.create(allergies="Canary nuts")
    booking = CrecheBookingFactory.create(child=child)
    client = client_for(make_user(Role.CRECHE_WORKER))

    assert client.get(f"/api/creche/children/{child.pk}").status_code == 200
    assert client.get(f"/api/creche/parents/{child.parent_id}/children").status_code == 200
    assert client.get(f"/api/creche/bookings/{booking.pk}/collectors").status_code == 200

    assert kinds() == [("list", "child", str(child.parent_id)),
                       ("read", "child", str(child.pk)),
                       ("read", "child_collectors", str(booking.pk))]


def test_creche_child_pages_are_recorded(make_user, browser_client_for):
    child = ChildFactory.create()
    client = browser_client_for(make_user(Role.CRECHE_WORKER))

    assert client.get(f"/creche/children/{child.pk}/").status_code == 200
    assert client.get(f"/creche/parents/{child.parent_id}/").status_code == 200
    assert client.get("/creche/children/").status_code == 200

    assert kinds() == [("list", "child", ""), ("list", "child", str(child.parent_id)),
                       ("read", "child", str(child.pk))]


def test_contact_details_page_and_referral_read_are_recorded(make_user, browser_client_for,
                                                            client_for):
    contact = SafeContactFactory.create()
    coordinator = make_user(Role.COORDINATOR)

    page = browser_client_for(coordinator).get(
        f"/notifications/consent/{contact.participant_id}/")
    api = client_for(coordinator).get("/api/referrals")

    assert (page.status_code, api.status_code) == (200, 200)
    assert kinds() == [("list", "referral", ""),
                       ("read", "safe_contact", str(contact.participant_id))]


def test_register_read_and_paper_sheet_download_are_recorded(make_user, browser_client_for,
                                                             client_for):
    coordinator = make_user(Role.COORDINATOR)
    session = SessionFactory.create()
    EnrolmentFactory.create(run=session.run)

    assert client_for(coordinator).get(
        f"/api/sessions/{session.pk}/register").status_code == 200
    assert browser_client_for(coordinator).get(
        f"/attendance/sessions/{session.pk}/sheet/").status_code == 200

    assert kinds() == [("export", "sign_in_sheet", str(session.pk)),
                       ("read", "register", str(session.pk))]


def test_questionnaire_answers_and_creche_bookings_are_recorded(make_user, client_for):
    enrolment = EnrolmentFactory.create()
    booking = CrecheBookingFactory.create()
    client = client_for(make_user(Role.COORDINATOR))

    assert client.get(f"/api/enrolments/{enrolment.pk}/questionnaires").status_code == 200
    assert client.get(
        f"/api/creche/sessions/{booking.creche_session_id}/bookings").status_code == 200

    assert kinds() == [("list", "creche_booking", str(booking.creche_session_id)),
                       ("read", "questionnaires", str(enrolment.pk))]


def test_admin_record_pages_are_recorded(admin, browser_client_for):
    participant = ParticipantFactory.create()
    client = browser_client_for(admin)

    assert client.get(f"/admin/programmes/participant/{participant.pk}/change/").status_code == 200
    assert client.get("/admin/programmes/participantidentity/").status_code == 200

    assert kinds() == [("list", "admin_participantidentity", ""),
                       ("read", "admin_participant", str(participant.pk))]


def test_a_refused_role_leaves_no_record(make_user, client_for):
    child = ChildFactory.create()

    response = client_for(make_user(Role.FACILITATOR)).get(f"/api/creche/children/{child.pk}")

    assert response.status_code == 403
    assert AccessRecord.objects.count() == 0


# --- the administrators' page, API and CSV ---------------------------------------------------

def _records(user_ids: list[int | None]) -> None:
    for i, user_id in enumerate(user_ids):
        AccessRecord.objects.create(user_id=user_id, action="read", object_type="participant",
                                    object_ids=str(100 + i))


def test_api_filters_by_user_action_type_and_dates_and_records_its_own_read(
        admin, make_user, client_for):
    other = make_user(Role.COORDINATOR)
    _records([other.pk, other.pk, admin.pk])
    AccessRecord.objects.create(user_id=other.pk, action="export", object_type="subject_access")
    today = timezone.localdate()

    body = client_for(admin).get(
        f"/api/access-log?user_id={other.pk}&action=read&object_type=participant"
        f"&since={today}&until={today}").json()

    assert body["count"] == 2
    assert [r["object_ids"] for r in body["items"]] == ["101", "100"]
    assert AccessRecord.objects.filter(object_type="access_log", user_id=admin.pk).count() == 1


def test_api_date_range_excludes_other_days(admin, client_for):
    _records([admin.pk])
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    body = client_for(admin).get(f"/api/access-log?since={tomorrow}").json()

    assert body["count"] == 0


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.MANAGER, Role.FACILITATOR,
                                  Role.CRECHE_WORKER])
def test_only_administrators_open_the_log(role, make_user, client_for, browser_client_for):
    user = make_user(role)

    assert client_for(user).get("/api/access-log").status_code == 403
    assert browser_client_for(user).get("/privacy/access-log/").status_code == 403
    assert browser_client_for(user).get("/privacy/access-log.csv").status_code == 403


def test_api_refuses_a_malformed_filter_with_a_field_error(admin, client_for):
    response = client_for(admin).get("/api/access-log?object_type=DROP%20TABLE")

    assert response.status_code == 422


def test_page_lists_filters_and_paginates_in_bounded_queries(
        admin, browser_client_for, django_assert_max_num_queries):
    _records([admin.pk] * 60)
    client = browser_client_for(admin)
    client.get("/privacy/access-log/")  # warm the session and MFA device caches

    with django_assert_max_num_queries(12):
        response = client.get("/privacy/access-log/?action=read&page=2")

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 60
    assert len(response.context["rows"]) == 10
    assert admin.username in response.content.decode()


def test_csv_export_is_recorded_and_neutralises_formula_cells(admin, browser_client_for):
    AccessRecord.objects.create(user_id=admin.pk, action="read", object_type="participant",
                                object_ids="7", user_agent="=HYPERLINK(\"x\")")

    response = browser_client_for(admin).get("/privacy/access-log.csv?object_type=participant")

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["at", "user_id", "username", "action"]
    assert rows[1][2:8] == [admin.username, "read", "participant", "7", "",
                            "'=HYPERLINK(\"x\")"]
    assert AccessRecord.objects.filter(object_type="access_log_csv").count() == 1


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_lead_character_is_neutralised(lead):
    assert neutralised(f"{lead}1+1") == f"'{lead}1+1"
    assert neutralised("plain") == "plain"


# --- append-only and retention ---------------------------------------------------------------

def test_the_orm_refuses_update_and_delete_of_a_record():
    record = AccessRecord.objects.create(action="read", object_type="participant")

    with pytest.raises(AppendOnly):
        AccessRecord.objects.filter(pk=record.pk).update(object_ids="9")
    with pytest.raises(AppendOnly):
        AccessRecord.objects.filter(pk=record.pk).delete()
    record.object_ids = "9"
    with pytest.raises(AppendOnly):
        record.save()
    assert AccessRecord.objects.get().object_ids == ""


def test_purge_deletes_only_records_older_than_the_cutoff():
    old = AccessRecord.objects.create(action="read", object_type="participant")
    AccessRecord.objects.create(action="read", object_type="participant")
    cutoff = timezone.now() - dt.timedelta(days=1)
    _backdate(old.pk, cutoff - dt.timedelta(days=1))

    assert AccessRecord.objects.purge_before(cutoff) == 1
    assert AccessRecord.objects.count() == 1


def _backdate(pk: int, when: dt.datetime) -> None:
    """Tests only: on PostgreSQL the trigger refuses UPDATE, so disable it for the one row."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE scheduler_accessrecord DISABLE TRIGGER "
                           "scheduler_accessrecord_append_only")
        cursor.execute("UPDATE scheduler_accessrecord SET at = %s WHERE id = %s", [when, pk])
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE scheduler_accessrecord ENABLE TRIGGER "
                           "scheduler_accessrecord_append_only")


@pytest.mark.postgres
@pytest.mark.parametrize("sql", [
    "UPDATE scheduler_accessrecord SET object_ids = '9'",
    "DELETE FROM scheduler_accessrecord",
])
def test_the_database_refuses_update_and_delete_outside_the_purge(sql):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's")
    AccessRecord.objects.create(action="read", object_type="participant")

    with (pytest.raises(DatabaseError, match="append-only"), transaction.atomic(),
          connection.cursor() as cursor):
        cursor.execute(sql)

    assert AccessRecord.objects.get().object_ids == ""


@pytest.mark.postgres
def test_the_database_allows_delete_only_with_the_purge_setting_and_never_update():
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's")
    AccessRecord.objects.create(action="read", object_type="participant")

    with (pytest.raises(DatabaseError, match="append-only"), transaction.atomic(),
          connection.cursor() as cursor):
        cursor.execute("SET LOCAL groupwork.purging = 'on'")
        cursor.execute("UPDATE scheduler_accessrecord SET object_ids = '9'")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL groupwork.purging = 'on'")
        cursor.execute("DELETE FROM scheduler_accessrecord")

    assert AccessRecord.objects.count() == 0

