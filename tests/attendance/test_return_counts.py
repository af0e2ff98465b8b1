"""The return's new counts checked against hand counts on a small world (threshold 2), in
the JSON API, the CSV and the XLSX, and the return cut by lot, locality and funder."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
from typing import Any

import openpyxl
import pytest
import time_machine

from attendance.models import Headcount, MarkStatus
from programmes.enums import Delivery, EntryStatus, OutputCategory
from programmes.models import PlaceOffer, WaitingListEntry
from programmes.models.referrals import Assessment
from scheduler.calendar.enums import SessionStatus
from scheduler.platform.roles import Role
from tests.attendance.factories import MarkFactory, RegisterFactory
from tests.factories import (
    LONDON,
    DemographicsFactory,
    EnrolmentFactory,
    FunderFactory,
    GroupRunFactory,
    LocalityFactory,
    LotFactory,
    ProgrammeTypeFactory,
    RoomFactory,
    SessionFactory,
    UserFactory,
    VenueFactory,
)
from tests.programmes.factories import ReferralFactory, WaitingListEntryFactory

pytestmark = [pytest.mark.django_db,
              pytest.mark.usefixtures("_threshold_two")]
BASE = "/api/reports/quarterly"
Q3 = "year=2026&quarter=3"


@pytest.fixture
def _threshold_two(settings):  # type: ignore[no-untyped-def]
    settings.SMALL_CELL_THRESHOLD = 2


def at(month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, 0, tzinfo=LONDON)


def held(run: Any, start: dt.datetime, people: list[Any], hours: int = 2) -> Any:
    session = SessionFactory.create(run=run, starts_at=start,
                                    ends_at=start + dt.timedelta(hours=hours))
    RegisterFactory.create(session=session)
    for enrolment in people:
        MarkFactory.create(session=session, enrolment=enrolment, status=MarkStatus.PRESENT)
    return session


def person(run: Any, locality: str, dob: dt.date, ethnic: tuple[str, str] = ("", ""),
           **kwargs: Any) -> Any:
    """An enrolment whose participant gives (ethnic group, background); "" leaves it as the
    default "not asked"."""
    enrolment = EnrolmentFactory.create(run=run, **kwargs)
    group, background = ethnic
    DemographicsFactory.create(participant=enrolment.participant, locality=locality,
                               sex="male", date_of_birth=dob,
                               **({"ethnic_group": group} if group else {}),
                               **({"ethnicity": background} if background else {}))
    return enrolment


# The ethnic group and background each starter gives, hand-counted in the tests below. Two
# give a group and "prefer not to say" for the background: they count in their group. The
# Leicester City man's record predates the group question (a background only): its group.
MEN_ETHNIC = [("white", "prefer_not"), ("white", "white_british"), ("asian", "prefer_not"),
              ("prefer_not", "prefer_not"), ("", "white_irish")]
YOUNG_ETHNIC = [("asian", "asian_indian"), ("prefer_not", "")]


@pytest.fixture
def world() -> dict[str, Any]:
    north = LotFactory.create(name="Lot North")
    for name in ("Rutland", "Melton"):
        locality = LocalityFactory.create(name=name)
        locality.lot = north
        locality.save()
    opcc, county = FunderFactory.create(name="OPCC"), FunderFactory.create(name="County")
    # A perpetrator cohort in Rutland, spot-purchased by the OPCC: 2 sessions, both needed.
    dapp = ProgrammeTypeFactory.create(name="DAPP", output_category=OutputCategory.PERPETRATOR,
                                       session_count=2, completion_min_percent=75)
    rutland_room = RoomFactory.create(venue=VenueFactory.create(locality="Rutland"))
    cohort = GroupRunFactory.create(programme=dapp, room=rutland_room, funder=opcc)
    men = [person(cohort, "Rutland", dt.date(1990, 5, 1), MEN_ETHNIC[n]) for n in range(3)]
    men += [person(cohort, "Leicester City", dt.date(1990, 5, 1), MEN_ETHNIC[3], funder=county),
            person(cohort, "Leicester City", dt.date(1990, 5, 1), MEN_ETHNIC[4])]
    held(cohort, at(10, 6), men)
    held(cohort, at(10, 13), men[:3])  # 3 complete, 2 do not
    # Two young people on a one-session Respect group (ages 14 and 17 at the start).
    respect = ProgrammeTypeFactory.create(name="Respect", output_category=OutputCategory.RESPECT,
                                          session_count=1)
    young_run = GroupRunFactory.create(programme=respect)
    young = [person(young_run, "Leicester City", dt.date(2012, 5, 1), YOUNG_ETHNIC[0]),
             person(young_run, "Leicester City", dt.date(2009, 3, 1), YOUNG_ETHNIC[1])]
    held(young_run, at(10, 8), young)
    # Waiting times of three of the men (referral, assessment, offer, first session 6 Oct).
    for enrolment, referred, decided, offered in (
            (men[0], dt.date(2026, 9, 1), dt.date(2026, 9, 11), at(9, 21)),
            (men[1], dt.date(2026, 9, 6), dt.date(2026, 9, 26), at(9, 28)),
            (men[2], dt.date(2026, 8, 7), None, None)):
        referral = ReferralFactory.create(participant=enrolment.participant, programme=dapp,
                                          referred_on=referred)
        if decided:
            Assessment.objects.create(referral=referral, outcome="suitable", decided_on=decided)
        if offered:
            entry = WaitingListEntryFactory.create(referral=referral, status=EntryStatus.PLACED)
            offer = PlaceOffer.objects.create(entry=entry, enrolment=enrolment, run=cohort,
                                              status="accepted", expires_at=offered)
            PlaceOffer.objects.filter(pk=offer.pk).update(made_at=offered)
    # The waiting list at the quarter's end (1 Jan 2027 00:00): two people on it.
    waiting = [("Rutland", at(11, 1), EntryStatus.WAITING, None),
               ("Leicester City", at(12, 1), EntryStatus.PLACED, dt.datetime(2027, 1, 10,
                                                                               tzinfo=LONDON)),
               ("Rutland", at(11, 2), EntryStatus.PLACED, at(12, 15)),
               ("Rutland", dt.datetime(2027, 1, 5, tzinfo=LONDON), EntryStatus.WAITING, None),
               ("Melton", at(11, 3), EntryStatus.REMOVED, None)]
    for locality, created, status, left in waiting:
        entry = WaitingListEntryFactory.create(referral__programme=dapp, status=status,
                                               left_at=left)
        DemographicsFactory.create(participant=entry.participant, locality=locality)
        WaitingListEntry.objects.filter(pk=entry.pk).update(created_at=created)
    # Training: two at a school in Melton (12 attendees), one evening at a GP's (2), and a
    # cancelled one at the GP's that counts for nothing.
    training = ProgrammeTypeFactory.create(name="Awareness", delivery=Delivery.ONE_OFF,
                                           output_category=OutputCategory.TRAINING)
    school = GroupRunFactory.create(programme=training, room=RoomFactory.create(
        venue=VenueFactory.create(locality="Melton", location_type="school")))
    gp = GroupRunFactory.create(programme=training, room=RoomFactory.create(
        venue=VenueFactory.create(location_type="gp")))
    recorder = UserFactory.create()
    first = held(school, at(11, 4), [EnrolmentFactory.create(run=school) for _ in range(3)])
    second = held(school, at(11, 11), [])
    for session, count in ((first, 4), (second, 5)):
        Headcount.objects.create(session=session, count=count, recorded_by=recorder,
                                 recorded_at=session.starts_at)
    held(gp, at(11, 5, hour=18), [EnrolmentFactory.create(run=gp) for _ in range(2)])
    SessionFactory.create(run=gp, starts_at=at(11, 20), ends_at=at(11, 20, hour=12),
                          status=SessionStatus.CANCELLED)
    return {"north": north, "opcc": opcc}


def _get(client: Any, query: str = "") -> dict[str, Any]:
    response = client.get(f"{BASE}?{Q3}{query}")
    assert response.status_code == 200, response.content
    return response.json()


def _section(body: dict[str, Any], title: str) -> dict[str, Any]:
    return next(s for s in body["sections"] if s["title"] == title)


def _table(section: dict[str, Any], title: str) -> dict[str, str]:
    table = next(t for t in section["tables"] if t["title"] == title)
    return {**dict(zip(table["labels"], table["values"], strict=True)), "Total": table["total"]}


def _grid(section: dict[str, Any], title: str) -> dict[str, Any]:
    return next(g for g in section["grids"] if g["title"] == title)


@time_machine.travel(dt.datetime(2027, 1, 5, 9, 0, tzinfo=LONDON))
def test_new_counts_match_hand_counts_in_json(world, make_user, client_for):
    body = _get(client_for(make_user(Role.MANAGER)))

    completion = _section(body, "Completion")
    cohorts = _grid(completion, "Completion rate per cohort")
    assert cohorts["row_labels"] == ["DAPP · from 6 Oct 2026", "Respect · from 8 Oct 2026"]
    assert cohorts["cells"] == [["3", "2", "60%"], ["2", "0", "100%"]]
    assert cohorts["row_totals"] == ["5", "2"]
    assert _grid(completion, "Completion rate by programme (cohorts finishing in the quarter)")[
        "column_totals"] == ["5", "2", "71%"]

    waits = _grid(_section(body, "Waiting times and waiting lists"), "Waiting times (days)")
    assert waits["cells"] == [["15", "20"], ["6", "10"], ["11.5", "15"], ["35", "60"]]
    assert waits["row_totals"] == ["2", "2", "2", "3"]
    waiting = _section(body, "Waiting times and waiting lists")
    assert _table(waiting, "People waiting at quarter end, by programme") == {
        "DAPP": "2", "Total": "2"}

    training = _section(body, "Training and awareness")
    sessions = _table(training, "Training & awareness sessions, by type of location")
    attendees = _table(training, "Training & awareness attendees, by type of location")
    assert (sessions["School or college"], sessions["GP surgery or health centre"],
            sessions["Total"]) == ("2", "1", "3")
    assert (attendees["School or college"], attendees["GP surgery or health centre"],
            attendees["Total"]) == ("12", "2", "14")
    assert _table(training, "Training & awareness sessions, by the venue's locality") == {
        "Leicester City": "1", "Melton": "2", "Total": "3"}

    sessions_section = _section(body, "Sessions")
    assert _table(sessions_section, "Out-of-hours sessions, by programme")["Total"] == "1"
    assert _table(sessions_section, "Out-of-hours sessions, by the venue's locality") == {
        "Leicester City": "1", "Total": "1"}

    harm = _table(_section(body, "Equality: people using harm"), "Starting: Sex")
    assert (harm["Male"], harm["Total"]) == ("5", "5")
    young = _table(_section(body, "Equality: young people"), "Starting: Age at start")
    assert (young["13–18"], young["Total"]) == ("2", "2")
    assert _table(_section(body, "Equality: survivors"), "Starting: Sex")["Total"] == "0"
    assert _section(body, "Outcomes")["grids"][-1]["title"].startswith("Outcome questionnaires")
    assert _grid(_section(body, "Crèche"), "Crèche take-up: places booked, by the venue's "
                 "locality (row total: booked)")["total"] == "0"


# Starters by ethnic group, counted by hand from MEN_ETHNIC and YOUNG_ETHNIC: White = men 0,
# 1 and 4; Asian = man 2 and the first young person; Prefer not to say = man 3 and the second
# young person. Completers are men 0–2 and both young people (threshold 2: a 1 is "<2").
GROUPS = ["Asian or Asian British", "Black, Black British, Caribbean or African",
          "Mixed or multiple ethnic groups", "White", "Other ethnic group", "Not asked",
          "Prefer not to say", "Unknown"]
STARTERS_BY_GROUP = dict(zip(GROUPS, ["2", "0", "0", "3", "0", "0", "2", "0"], strict=True))
COMPLETERS_BY_GROUP = dict(zip(GROUPS, ["2", "0", "0", "2", "0", "0", "<2", "0"], strict=True))


def _equality(body: dict[str, Any], key: str, title: str) -> dict[str, str]:
    table = next(t for t in body[key] if t["title"] == title)
    return {**dict(zip(table["labels"], table["values"], strict=True)), "Total": table["total"]}


@time_machine.travel(dt.datetime(2027, 1, 5, 9, 0, tzinfo=LONDON))
def test_the_ethnic_group_table_counts_the_group_given_in_json(world, make_user, client_for):
    body = _get(client_for(make_user(Role.MANAGER)))

    assert _equality(body, "starters_equality", "Ethnic group") == {**STARTERS_BY_GROUP,
                                                                    "Total": "7"}
    assert _equality(body, "completers_equality", "Ethnic group") == {**COMPLETERS_BY_GROUP,
                                                                      "Total": "5"}
    # The background table still reads the background: three said "prefer not to say".
    backgrounds = _equality(body, "starters_equality", "Ethnicity")
    assert (backgrounds["Prefer not to say"], backgrounds["White: Irish"],
            backgrounds["Not asked"], backgrounds["Total"]) == ("3", "<2", "<2", "7")
    harm = _table(_section(body, "Equality: people using harm"), "Starting: Ethnic group")
    assert (harm["White"], harm["Asian or Asian British"], harm["Prefer not to say"],
            harm["Total"]) == ("3", "<2", "<2", "5")
    young = _table(_section(body, "Equality: young people"), "Completing: Ethnic group")
    assert (young["Asian or Asian British"], young["Prefer not to say"], young["Total"]) == (
        "<2", "<2", "2")


@time_machine.travel(dt.datetime(2027, 1, 5, 9, 0, tzinfo=LONDON))
def test_the_ethnic_group_table_is_the_same_in_the_csv_and_the_xlsx(world, make_user,
                                                                    client_for):
    client = client_for(make_user(Role.MANAGER))
    _get(client)  # computed

    rows = list(csv.reader(io.StringIO(client.get(f"{BASE}.csv?{Q3}").content.decode())))
    for section, expected, total in (("Starters: equality", STARTERS_BY_GROUP, "7"),
                                     ("Completers: equality", COMPLETERS_BY_GROUP, "5")):
        found = {row[2]: row[4] for row in rows if row[:2] == [section, "Ethnic group"]}
        assert found == {**expected, "Total": total}
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"{BASE}.xlsx?{Q3}").content))
    for name, expected, total in (("Starters - Ethnic group", STARTERS_BY_GROUP, "7"),
                                  ("Completers - Ethnic group", COMPLETERS_BY_GROUP, "5")):
        sheet = book[name]
        assert sheet["A1"].value == "Ethnic group"
        found = {label: value for label, value, *_ in sheet.iter_rows(min_row=5,
                                                                       values_only=True)
                 if label is not None}
        # Counts are numbers in the workbook; suppressed cells stay text.
        assert found == {label: int(v) if v.isdigit() else v
                         for label, v in {**expected, "Total": total}.items()}


@time_machine.travel(dt.datetime(2027, 1, 5, 9, 0, tzinfo=LONDON))
def test_the_return_is_cut_by_lot_locality_and_funder(world, make_user, client_for):
    client = client_for(make_user(Role.MANAGER))

    def starters(query: str) -> tuple[str, str]:
        body = _get(client, query)
        return ({h["label"]: h["value"] for h in body["headlines"]}["People starting groups"],
                body["cut"])

    assert starters("") == ("7", "")
    assert starters(f"&lot={world['north'].pk}") == ("3", "Lot North")
    assert starters("&locality=leicester  city") == ("4", "Leicester City")
    # The County funds one man's place; the OPCC the rest of its run (not the Respect group).
    assert starters(f"&funder={world['opcc'].pk}") == ("4", "Funder: OPCC")


@time_machine.travel(dt.datetime(2027, 1, 5, 9, 0, tzinfo=LONDON))
@pytest.mark.parametrize(("query", "field"), [("&locality=Atlantis", "locality"),
                                              ("&lot=999999", "lot"),
                                              ("&funder=999999", "funder")])
def test_an_unknown_cut_is_a_field_error(query, field, make_user, client_for):
    response = client_for(make_user(Role.MANAGER)).get(f"{BASE}?{Q3}{query}")

    assert response.status_code == 422
    assert field in str(response.json()["detail"])


@time_machine.travel(dt.datetime(2027, 1, 5, 9, 0, tzinfo=LONDON))
def test_new_counts_are_in_the_csv_and_the_xlsx(world, make_user, client_for):
    client = client_for(make_user(Role.MANAGER))
    _get(client)  # computed

    rows = list(csv.reader(io.StringIO(client.get(f"{BASE}.csv?{Q3}").content.decode())))
    assert ["Waiting times and waiting lists", "Waiting times (days)",
            "Referral to first session", "90th percentile", "60"] in rows
    assert ["Completion", "Completion rate per cohort", "DAPP · from 6 Oct 2026",
            "Completion rate", "60%"] in rows
    assert ["Training and awareness", "Training & awareness attendees, by type of location",
            "School or college", "", "12"] in rows
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"{BASE}.xlsx?{Q3}").content))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
             for c in row]
    assert {"Referral to first session", "Completion rate per cohort",
            "Training & awareness attendees, by type of location", "60%"} <= set(cells)


@time_machine.travel(dt.datetime(2027, 1, 5, 9, 0, tzinfo=LONDON))
def test_the_report_page_shows_a_cut_and_the_new_sections(world, make_user,
                                                          browser_client_for):
    client = browser_client_for(make_user(Role.MANAGER))
    page = "/attendance/reports/quarterly/?year=2026&quarter=3"

    body = client.get(f"{page}&lot={world['north'].pk}").content.decode()

    assert "Cut: Lot North" in body
    assert "Completion rate per cohort" in body and "Equality: young people" in body
    assert f"quarterly.csv?year=2026&quarter=3&lot={world['north'].pk}" in html.unescape(body)
    assert "Publish" not in body  # only the whole return is published


@time_machine.travel(dt.datetime(2027, 1, 5, 9, 0, tzinfo=LONDON))
def test_the_report_page_explains_an_unknown_cut(make_user, browser_client_for):
    response = browser_client_for(make_user(Role.MANAGER)).get(
        "/attendance/reports/quarterly/?year=2026&quarter=3&lot=999999&funder=x")

    assert response.status_code == 200
    assert "No such lot." in response.content.decode()
