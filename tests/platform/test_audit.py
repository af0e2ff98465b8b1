"""The access log: a record after each read and export, and no way to change it through the ORM."""

import pytest

from programmes.models import Participant
from scheduler.models.audit import AccessRecord, AppendOnly
from scheduler.platform.roles import Role
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def _only_record() -> AccessRecord:
    records = list(AccessRecord.objects.all())
    assert len(records) == 1
    return records[0]


def test_participant_read_leaves_ids_who_and_where_never_data(make_user, client_for):
    user = make_user(Role.COORDINATOR)
    participant: Participant = ParticipantFactory.create(known_as="Canary Kim")

    response = client_for(user).get(f"/api/participants/{participant.pk}",
                                    HTTP_USER_AGENT="Tablet/1.0 " + "x" * 300)

    assert response.status_code == 200
    record = _only_record()
    assert (record.user_id, record.action, record.object_type, record.object_ids) == (
        user.pk, "read", "participant", str(participant.pk))
    assert record.ip == "127.0.0.1"
    assert len(record.user_agent) == 200
    assert "Canary" not in str(vars(record))


def test_refused_read_leaves_no_record(make_user, client_for):
    response = client_for(make_user(Role.COORDINATOR)).get("/api/participants/999999")

    assert response.status_code == 404
    assert AccessRecord.objects.count() == 0


def test_participant_list_and_contact_read_are_recorded(make_user, client_for):
    client = client_for(make_user(Role.COORDINATOR))
    participant: Participant = ParticipantFactory.create()

    client.get("/api/participants")
    client.get(f"/api/notifications/contacts/{participant.pk}")

    assert sorted(AccessRecord.objects.values_list("action", "object_type")) == [
        ("list", "participant"), ("read", "safe_contact")]


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_quarterly_export_is_recorded(make_user, client_for, suffix):
    response = client_for(make_user(Role.MANAGER)).get(
        f"/api/reports/quarterly.{suffix}?year=2026&quarter=1")

    assert response.status_code == 200
    assert _only_record().object_type == f"quarterly_report_{suffix}"


def test_access_records_cannot_be_updated_or_deleted_through_the_orm():
    record = AccessRecord.objects.create(action="read", object_type="participant")

    record.object_ids = "1"
    with pytest.raises(AppendOnly):
        record.save()
    with pytest.raises(AppendOnly):
        record.delete()
    with pytest.raises(AppendOnly):
        AccessRecord.objects.update(object_ids="2")
    with pytest.raises(AppendOnly):
        AccessRecord.objects.all().delete()
    assert AccessRecord.objects.get().object_ids == ""
