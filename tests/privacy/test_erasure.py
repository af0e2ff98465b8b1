"""Subject access and erasure: one participant's data and nobody else's; an erasure that
leaves the published and the recomputed quarterly figures as they were."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command

from attendance.quarters import Quarter
from attendance.reports import published_report
from attendance.return_sections import sections_for
from attendance.return_store import report_to_json
from attendance.statistics import quarterly_figures
from programmes.enums import EnrolmentStatus
from programmes.models import Enrolment, Participant, ParticipantIdentity
from scheduler.models import AccessRecord, ErasureRecord
from scheduler.platform.roles import Role
from scheduler.privacy.erasure import coarsened_birth_date
from scheduler.privacy.services import participant_erase, subject_access_bundle
from tests.factories import LONDON, EnrolmentFactory

pytestmark = pytest.mark.django_db

Q3 = Quarter(2026, 3)
AFTER_Q3 = dt.datetime(2027, 1, 10, 12, 0, tzinfo=LONDON)
APPS = ["programmes", "attendance", "creche", "notifications", "admin"]


def figures() -> dict[str, object]:
    report = published_report(quarterly_figures(quarter=Q3, now=AFTER_Q3), threshold=2,
                              sections=sections_for(quarter=Q3, threshold=2))
    return report_to_json(report)


def dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", *APPS, stdout=out)
    return out.getvalue()


# --- subject access -------------------------------------------------------------------------

def test_bundle_holds_the_participants_data_and_nothing_of_another(two_people):
    canary, robin = two_people

    bundle = subject_access_bundle(participant=canary.participant)

    for text in (bundle.json, bundle.html):
        for held in ("Canary Known", "Canary Legal", "1 Canary Street", "Canary Agency",
                     "Reminder for Canary", "Canary says hi", "Canary Junior", "Canary nuts",
                     "Canary Granny", canary.participant.reference):
            assert held in text
        for other in ("Robin", robin.participant.reference, robin.phone, "Canary Danger",
                      "canary-secret"):
            assert other not in text
    data = json.loads(bundle.json)
    assert data["safe_contact"]["phone"] == canary.phone
    assert data["texts_received"][0]["from"] == "+4474•••••222"
    assert [m["status"] for m in data["enrolments"][0]["marks"]] == ["present"]
    assert data["creche_children"][0]["never_collect_entries_withheld"] == 1


def test_command_writes_json_and_html_and_records_the_export(two_people, tmp_path):
    canary, _ = two_people
    out = io.StringIO()

    call_command("subject_access", canary.participant.reference.lower(), out=str(tmp_path),
                 stdout=out)

    names = sorted(p.name for p in tmp_path.iterdir())
    ref = canary.participant.reference
    assert names == [f"subject-access-{ref}.html", f"subject-access-{ref}.json"]
    assert "Canary Legal" in (tmp_path / f"subject-access-{ref}.json").read_text()
    assert "(1/2)" in out.getvalue()
    assert AccessRecord.objects.get().object_type == "subject_access"


# --- erasure --------------------------------------------------------------------------------

@time_machine.travel(AFTER_Q3)
def test_erasure_removes_identity_and_keeps_every_quarterly_figure(two_people):
    canary, robin = two_people
    before = figures()

    counts = participant_erase(participant=canary.participant, reason="Art. 17 request",
                               by=None)

    assert figures() == before
    assert counts["marks_kept"] == 1
    text = dump()
    for gone in ("Canary", canary.phone, canary.participant.reference, "canary-secret"):
        assert gone not in text
    assert "Robin Legal" in text and robin.phone in text
    assert not ParticipantIdentity.objects.filter(participant=canary.participant).exists()
    assert Participant.objects.get(pk=canary.participant.pk).known_as == "Erased"
    assert ErasureRecord.objects.get().participant_id == canary.participant.pk


@time_machine.travel(AFTER_Q3)
def test_a_published_return_is_the_same_after_erasure(two_people, make_user, client_for):
    canary, _ = two_people
    client = client_for(make_user(Role.MANAGER))
    client.get("/api/reports/quarterly?year=2026&quarter=3&threshold=2")
    assert client.post("/api/reports/quarterly/publish?year=2026&quarter=3&threshold=2"
                       ).status_code in (200, 201)
    published = client.get("/api/reports/quarterly?year=2026&quarter=3&threshold=2").json()

    participant_erase(participant=canary.participant, reason="request", by=None)

    after = client.get("/api/reports/quarterly?year=2026&quarter=3&threshold=2").json()
    assert after["headlines"] == published["headlines"]
    assert after.get("revisions", []) == published.get("revisions", [])


def test_erasure_needs_a_reason_closed_enrolments_and_happens_once(two_people):
    canary, robin = two_people
    EnrolmentFactory.create(participant=robin.participant, status=EnrolmentStatus.ENROLLED)

    with pytest.raises(ValidationError, match="reason"):
        participant_erase(participant=canary.participant, reason="  ", by=None)
    with pytest.raises(ValidationError, match="enrolments first"):
        participant_erase(participant=robin.participant, reason="request", by=None)
    participant_erase(participant=canary.participant, reason="request", by=None)
    with pytest.raises(ValidationError, match="already"):
        participant_erase(participant=canary.participant, reason="request", by=None)
    assert Enrolment.objects.filter(participant=robin.participant).count() == 2


def test_erase_command_asks_for_nothing_with_yes_and_reports_counts(two_people):
    canary, _ = two_people
    out = io.StringIO()

    call_command("erase_participant", canary.participant.reference, reason="request",
                 yes=True, stdout=out)

    assert "erased" in out.getvalue()
    assert "Canary" not in out.getvalue()
    assert ErasureRecord.objects.count() == 1


@pytest.mark.parametrize("dob, starts, expected", [
    (dt.date(1990, 5, 10), [dt.date(2026, 10, 6)], dt.date(1990, 1, 1)),
    (dt.date(1990, 10, 10), [dt.date(2026, 10, 6)], dt.date(1990, 10, 10)),  # Oct 1 ages her
    (dt.date(1990, 10, 20), [dt.date(2026, 9, 6)], dt.date(1990, 10, 1)),
    (dt.date(1990, 10, 20), [], dt.date(1990, 1, 1)),
])
def test_birth_dates_are_coarsened_only_as_far_as_every_age_at_start_allows(dob, starts,
                                                                           expected):
    assert coarsened_birth_date(dob, starts) == expected
