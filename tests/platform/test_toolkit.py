"""The platform's API/page toolkit: body references, id path converters, page refusals."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from scheduler.models import Venue
from scheduler.platform.references import (
    UNKNOWN_ID,
    body_object,
    body_objects,
    optional_body_object,
)
from scheduler.platform.refusals import refusals, run_with_messages
from scheduler.platform.roles import Role
from tests.factories import VenueFactory

pytestmark = pytest.mark.django_db


def test_body_object_finds_the_row_named():
    venue = VenueFactory.create()

    assert body_object(Venue, venue.pk, "venue_id") == venue
    assert body_object(Venue.objects.filter(pk=venue.pk), venue.pk, "venue_id") == venue


def test_an_unknown_body_id_is_one_field_level_message():
    with pytest.raises(ValidationError) as error:
        body_object(Venue, 987654, "venue_id")

    assert error.value.message_dict == {"venue_id": [UNKNOWN_ID]}
    assert UNKNOWN_ID == "Unknown id."


def test_body_objects_refuses_the_whole_field_when_one_id_is_unknown():
    known = VenueFactory.create()

    with pytest.raises(ValidationError) as error:
        body_objects(Venue, [known.pk, 987654], "venue_ids")

    assert error.value.message_dict == {"venue_ids": [UNKNOWN_ID]}
    assert body_objects(Venue, [known.pk, known.pk], "venue_ids") == [known]


def test_an_absent_optional_body_id_means_no_row():
    assert optional_body_object(Venue, None, "room_id") is None
    with pytest.raises(ValidationError):
        optional_body_object(Venue, 987654, "room_id")


@pytest.mark.parametrize("url", [
    "/api/creche/sessions/abc", "/api/creche/bookings/abc/collectors",
    "/api/notifications/contacts/abc", "/api/runs/abc", "/api/sessions/1.5"])
def test_a_non_integer_path_id_is_a_json_404(url, client_for, make_user):
    response = client_for(make_user(Role.COORDINATOR)).get(url)

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_an_integer_path_id_that_names_nothing_is_a_404(client_for, make_user):
    client = client_for(make_user(Role.COORDINATOR))

    assert client.get("/api/notifications/contacts/987654").status_code == 404
    assert client.get("/api/creche/sessions/987654").status_code == 404


def _refuse() -> None:
    raise ValidationError({"reason": "Give a reason."})


def test_refusals_lists_a_service_refusal_and_nothing_on_success():
    assert refusals(_refuse) == ["Give a reason."]
    assert refusals(lambda: None) == []


def test_run_with_messages_reports_the_outcome_as_a_page_message():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]

    assert run_with_messages(request, _refuse, "Done.") is False
    assert run_with_messages(request, lambda: None, "Done.") is True
    assert [str(m) for m in get_messages(request)] == ["Give a reason.", "Done."]

