"""The admin cannot save what a service refuses: rule-bound models are added through their
service (errors shown on the form) or are read-only (403 on add/change POSTs, nothing saved).
Every test posts to the admin's real pages as a superuser."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.admin import site
from django.utils import timezone

from attendance.models import Mark, MarkRevision
from creche.models import AuthorisedCollector, CrecheBooking, NeverCollect
from notifications.models import SafeContact
from programmes.enums import EntryStatus
from programmes.models import (
    Enrolment,
    KeepApartLink,
    PartnerSupportLink,
    PlaceOffer,
    WaitingListEntry,
)
from scheduler.models import Session
from scheduler.platform.roles import Role
from tests.attendance.factories import MarkFactory
from tests.creche.factories import (
    AttendanceFactory,
    AuthorisedCollectorFactory,
    ChildFactory,
    CrecheBookingFactory,
    CrecheSessionFactory,
    NeverCollectFactory,
    StaffOnDutyFactory,
)
from tests.factories import EnrolmentFactory, GroupRunFactory, ParticipantFactory
from tests.mfa import force_login_verified
from tests.notifications.factories import SafeContactFactory
from tests.programmes.factories import KeepApartLinkFactory, WaitingListEntryFactory
from tests.scheduler.factories import ClosureFactory, TermFactory, make_room, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(make_user):  # type: ignore[no-untyped-def]
    return make_user(Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, admin_user):  # type: ignore[no-untyped-def]
    force_login_verified(client, admin_user)
    return client


def errors_of(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code  # re-shown form, not a redirect
    return str(response.context["adminform"].form.errors)


# crèche bookings: booking_create ------------------------------------------------------------

def test_a_ninth_child_into_a_creche_of_eight_is_refused(admin_client):
    creche = CrecheSessionFactory.create(capacity=8)
    CrecheBookingFactory.create_batch(8, creche_session=creche)

    response = admin_client.post("/admin/creche/crechebooking/add/", {
        "creche_session": creche.pk, "child": ChildFactory.create().pk})

    assert "This crèche is full." in errors_of(response)
    assert CrecheBooking.objects.filter(creche_session=creche).count() == 8


def test_a_booking_added_in_the_admin_goes_through_booking_create(admin_client, admin_user):
    creche, child = CrecheSessionFactory.create(capacity=8), ChildFactory.create()

    response = admin_client.post("/admin/creche/crechebooking/add/", {
        "creche_session": creche.pk, "child": child.pk})

    assert response.status_code == 302
    booking = CrecheBooking.objects.get()
    assert (booking.creche_session, booking.child, booking.created_by) == (
        creche, child, admin_user)


def test_the_same_child_booked_twice_shows_the_service_message_on_the_child_field(
        admin_client):
    booking = CrecheBookingFactory.create()

    response = admin_client.post("/admin/creche/crechebooking/add/", {
        "creche_session": booking.creche_session_id, "child": booking.child_id})

    assert "already booked" in str(response.context["adminform"].form.errors["child"])
    assert CrecheBooking.objects.count() == 1


def test_a_booking_cannot_be_changed_in_the_admin(admin_client):
    booking = CrecheBookingFactory.create()
    other = CrecheSessionFactory.create()

    response = admin_client.post(f"/admin/creche/crechebooking/{booking.pk}/change/", {
        "creche_session": other.pk, "child": booking.child_id})

    assert response.status_code == 403
    booking.refresh_from_db()
    assert booking.creche_session_id != other.pk


# authorised collectors and never-collect: collector_add, never_collect_add ----------------

def test_a_never_collect_name_is_refused_as_a_collector(admin_client):
    never = NeverCollectFactory.create(name="Dean Marsh")

    response = admin_client.post("/admin/creche/authorisedcollector/add/", {
        "child": never.child_id, "name": "  dean MARSH ", "relationship": "Father",
        "password": "", "description": ""})

    assert "never to collect" in errors_of(response)
    assert not AuthorisedCollector.objects.exists()


def test_a_collector_added_in_the_admin_goes_through_collector_add(admin_client):
    child = ChildFactory.create()

    response = admin_client.post("/admin/creche/authorisedcollector/add/", {
        "child": child.pk, "name": " Gran Pat ", "relationship": "Grandmother",
        "password": "", "description": ""})

    assert response.status_code == 302
    assert AuthorisedCollector.objects.get().name == "Gran Pat"  # trimmed by the service


def test_the_child_admin_inline_cannot_add_a_collector(admin_client):
    never = NeverCollectFactory.create(name="Dean Marsh")
    child = never.child

    response = admin_client.post(f"/admin/creche/child/{child.pk}/change/", {
        "known_as": child.known_as, "date_of_birth": child.date_of_birth.isoformat(),
        "parent": child.parent_id,
        "collectors-TOTAL_FORMS": "1", "collectors-INITIAL_FORMS": "0",
        "collectors-0-name": "Dean Marsh", "collectors-0-relationship": "Father"})

    assert response.status_code == 403
    assert not AuthorisedCollector.objects.exists()


def test_a_never_collect_entry_without_a_description_is_refused(admin_client):
    child = ChildFactory.create()

    response = admin_client.post("/admin/creche/nevercollect/add/", {
        "child": child.pk, "name": "Dean Marsh", "description": "   "})

    assert "description" in response.context["adminform"].form.errors
    assert not NeverCollect.objects.exists()


def test_a_never_collect_entry_added_in_the_admin_goes_through_the_service(admin_client):
    child = ChildFactory.create()

    response = admin_client.post("/admin/creche/nevercollect/add/", {
        "child": child.pk, "name": " Dean Marsh ", "description": "Tall, red van"})

    assert response.status_code == 302
    assert NeverCollect.objects.get().name == "Dean Marsh"


# keep-apart links: keep_apart_create ----------------------------------------------------------

def test_a_person_kept_apart_from_themselves_is_refused(admin_client):
    person = ParticipantFactory.create()

    response = admin_client.post("/admin/programmes/keepapartlink/add/", {
        "person_a": person.pk, "person_b": person.pk, "reason": "", "buffer_minutes": 60})

    assert "cannot be kept apart from themselves" in errors_of(response)
    assert not KeepApartLink.objects.exists()


def test_a_duplicate_keep_apart_link_is_refused_and_the_first_is_unchanged(admin_client):
    link = KeepApartLinkFactory.create(buffer_minutes=90)

    response = admin_client.post("/admin/programmes/keepapartlink/add/", {
        "person_a": link.person_b_id, "person_b": link.person_a_id, "reason": "",
        "buffer_minutes": 0})

    assert "already kept apart" in errors_of(response)
    link.refresh_from_db()
    assert (KeepApartLink.objects.count(), link.buffer_minutes) == (1, 90)


def test_an_ended_keep_apart_link_is_reopened_through_the_admin(admin_client):
    link = KeepApartLinkFactory.create(ended_at=timezone.now())

    response = admin_client.post("/admin/programmes/keepapartlink/add/", {
        "person_a": link.person_a_id, "person_b": link.person_b_id, "reason": "",
        "buffer_minutes": 60})

    assert response.status_code == 302
    link.refresh_from_db()
    assert (KeepApartLink.objects.count(), link.ended_at) == (1, None)


def test_keep_apart_links_are_ended_by_the_admin_action_not_edited(admin_client):
    link = KeepApartLinkFactory.create()

    change = admin_client.post(f"/admin/programmes/keepapartlink/{link.pk}/change/", {
        "person_a": link.person_a_id, "person_b": link.person_b_id, "buffer_minutes": 0})
    action = admin_client.post("/admin/programmes/keepapartlink/", {
        "action": "end", "_selected_action": [link.pk]})

    assert (change.status_code, action.status_code) == (403, 302)
    link.refresh_from_db()
    assert link.buffer_minutes != 0 and link.ended_at is not None


# place offers: place_offer ------------------------------------------------------------------

def offer_post(entry: WaitingListEntry, run_id: int) -> dict[str, object]:
    expires = timezone.localtime() + dt.timedelta(days=3)
    return {"entry": entry.pk, "run": run_id, "expires_at_0": expires.date().isoformat(),
            "expires_at_1": "12:00:00"}


def waiting_for(run) -> WaitingListEntry:  # type: ignore[no-untyped-def]
    return WaitingListEntryFactory.create(referral__programme=run.programme)


def test_an_offer_beyond_capacity_is_refused(admin_client):
    run = GroupRunFactory.create(capacity=1)
    EnrolmentFactory.create(run=run)
    entry = waiting_for(run)

    response = admin_client.post("/admin/programmes/placeoffer/add/", offer_post(entry, run.pk))

    assert "No place left on this run." in errors_of(response)
    entry.refresh_from_db()
    assert (entry.status, PlaceOffer.objects.count(), Enrolment.objects.count()) == (
        EntryStatus.WAITING, 0, 1)


def test_an_offer_added_in_the_admin_goes_through_place_offer(admin_client, admin_user):
    run = GroupRunFactory.create(capacity=1)
    entry = waiting_for(run)

    response = admin_client.post("/admin/programmes/placeoffer/add/", offer_post(entry, run.pk))

    assert response.status_code == 302
    entry.refresh_from_db()
    offer = PlaceOffer.objects.get()
    assert (entry.status, offer.made_by, offer.enrolment.run) == (
        EntryStatus.OFFERED, admin_user, run)


# read-only models: 403 to add and change POSTs, nothing changes -----------------------------

READ_ONLY_ADD = [
    "creche/child", "creche/crechesession", "creche/attendance", "creche/staffqualification",
    "creche/staffonduty", "programmes/programmetype", "programmes/grouprun",
    "programmes/participant", "programmes/participantidentity", "programmes/demographics",
    "programmes/enrolment", "programmes/enrolmentevent", "programmes/referral",
    "programmes/assessment", "programmes/waitinglistentry", "attendance/register",
    "attendance/mark", "attendance/markrevision", "notifications/safecontact",
    "notifications/message", "notifications/messagetemplate", "scheduler/venue",
    "scheduler/termcalendar", "scheduler/closure", "scheduler/facilitatorhours",
    "scheduler/facilitatorleave", "scheduler/schedule", "scheduler/session",
    "scheduler/sessionchange", "scheduler/feedtoken", "scheduler/apitoken",
]


@pytest.mark.parametrize("model", READ_ONLY_ADD)
def test_read_only_models_refuse_an_add_post(model, admin_client):
    response = admin_client.post(f"/admin/{model}/add/", {"name": "x"})

    assert response.status_code == 403


def test_an_overlapping_room_session_cannot_be_added_or_moved_in_the_admin(admin_client):
    room = make_room()
    session = make_session(room=room)
    other = make_session(room=room, starts_at=session.starts_at + dt.timedelta(days=7),
                         ends_at=session.ends_at + dt.timedelta(days=7))
    clash = {"run": other.run_id, "number": other.number, "kind": other.kind,
             "room": room.pk, "starts_at_0": timezone.localtime(session.starts_at).date(),
             "starts_at_1": timezone.localtime(session.starts_at).time(),
             "ends_at_0": timezone.localtime(session.ends_at).date(),
             "ends_at_1": timezone.localtime(session.ends_at).time(), "status": other.status}

    added = admin_client.post("/admin/scheduler/session/add/", clash)
    moved = admin_client.post(f"/admin/scheduler/session/{other.pk}/change/", clash)

    assert (added.status_code, moved.status_code) == (403, 403)
    other.refresh_from_db()
    assert (Session.objects.count(), other.starts_at) == (
        2, session.starts_at + dt.timedelta(days=7))


def test_a_mark_cannot_be_edited_in_the_admin_without_a_revision(admin_client):
    mark = MarkFactory.create()

    response = admin_client.post(f"/admin/attendance/mark/{mark.pk}/change/",
                                 {"status": "absent", "session": mark.session_id})

    assert response.status_code == 403
    mark.refresh_from_db()
    assert (mark.status, MarkRevision.objects.count(), Mark.objects.count()) == (
        "present", 0, 1)


def change_cases():  # type: ignore[no-untyped-def]
    return [
        ("programmes/enrolment", lambda: EnrolmentFactory.create(), {"status": "completed"}),
        ("programmes/waitinglistentry", lambda: WaitingListEntryFactory.create(),
         {"status": "removed"}),
        ("notifications/safecontact", lambda: SafeContactFactory.create(),
         {"safe_to_text": "on", "has_consent": "on"}),
        ("creche/staffonduty", lambda: StaffOnDutyFactory.create(), {"signed_off_at": ""}),
        ("creche/crechesession", lambda: CrecheSessionFactory.create(), {"capacity": "99"}),
    ]


@pytest.mark.parametrize(("model", "make", "data"), change_cases(),
                         ids=[case[0] for case in change_cases()])
def test_read_only_models_refuse_a_change_post_and_nothing_changes(model, make, data,
                                                                   admin_client):
    obj = make()
    before = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}

    response = admin_client.post(f"/admin/{model}/{obj.pk}/change/", data)
    delete = admin_client.post(f"/admin/{model}/{obj.pk}/delete/", {"post": "yes"})

    assert (response.status_code, delete.status_code) == (403, 403)
    obj.refresh_from_db()
    assert {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields} == before


def test_safe_contact_rows_are_still_readable_in_the_admin(admin_client):
    contact = SafeContactFactory.create()

    response = admin_client.get(f"/admin/notifications/safecontact/{contact.pk}/change/")

    assert response.status_code == 200
    assert SafeContact.objects.count() == 1


# every admin page still renders (read-only pages and inlines included) -----------------------

def seed_one_of_everything() -> None:
    MarkFactory.create()
    StaffOnDutyFactory.create()
    SafeContactFactory.create()
    KeepApartLinkFactory.create()
    WaitingListEntryFactory.create()
    NeverCollectFactory.create()
    AuthorisedCollectorFactory.create()
    AttendanceFactory.create()
    TermFactory.create()
    ClosureFactory.create()
    make_room()


def test_every_registered_admin_page_renders_for_a_superuser(admin_client):
    seed_one_of_everything()

    for model in site._registry:
        opts = model._meta
        base = f"/admin/{opts.app_label}/{opts.model_name}/"
        assert admin_client.get(base).status_code == 200, base
        first = model._default_manager.first()
        if first is not None:
            page = f"{base}{first.pk}/change/"
            assert admin_client.get(page).status_code == 200, page


@pytest.mark.parametrize("model", ["creche/crechebooking", "creche/authorisedcollector",
                                   "creche/nevercollect", "programmes/keepapartlink",
                                   "programmes/placeoffer", "programmes/partnersupportlink"])
def test_service_add_pages_render(model, admin_client):
    assert admin_client.get(f"/admin/{model}/add/").status_code == 200


def test_a_partner_support_link_for_a_non_perpetrator_enrolment_is_refused(admin_client,
                                                                          make_user):
    enrolment = EnrolmentFactory.create()

    response = admin_client.post("/admin/programmes/partnersupportlink/add/", {
        "enrolment": enrolment.pk, "worker": make_user(Role.COORDINATOR).pk})

    assert "Only perpetrator-programme enrolments" in errors_of(response)
    assert not PartnerSupportLink.objects.exists()
