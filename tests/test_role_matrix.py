"""Role × endpoint matrix, generated from the live API at collection time.

Every operation mounted on `scheduler.api.api` is walked, so an endpoint added later is
covered without touching this file. The role gate runs before input validation, so an
empty request (ids 999999, body `{}`) is enough to tell "refused by role" from "admitted".
The docs and OpenAPI views are not operations of a router, so they are not walked here
(tests/scheduler/test_auth.py covers them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from ninja.operation import Operation
from ninja.utils import normalize_path

from scheduler.api import api
from scheduler.platform.auth import allowed_roles
from scheduler.platform.roles import Role

pytestmark = pytest.mark.django_db

GATE_REFUSAL = "Your role does not allow this"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}

# Operations any signed-in role may call. Each entry is a deliberate decision: say why.
OPEN_TO_ALL_ROLES = {
    ("GET", "/api/me"),  # a tablet confirms who is signed in and with which role
    # Everyone manages only their own API tokens (scoped to request.user; others' are 404).
    ("GET", "/api/me/tokens"),
    ("POST", "/api/me/tokens"),
    ("DELETE", "/api/me/tokens/{token_id}"),
    # The calendar's reference data holds no personal data; a venue's address is hidden
    # from non-planners (VenueOut.address is None for them).
    ("GET", "/api/venues"),
    ("GET", "/api/venues/{venue_id}"),
    ("GET", "/api/terms"),
    ("GET", "/api/closures"),
    # The provider's lists of localities, commissioning lots and funders: no personal data.
    ("GET", "/api/localities"),
    ("GET", "/api/lots"),
    ("GET", "/api/funders"),
    # Sessions carry no participant data and are row-scoped by sessions_visible_to: a
    # facilitator sees her own sessions; managers and crèche workers see none.
    ("GET", "/api/sessions"),
    ("GET", "/api/sessions/{session_id}"),
}

# Personal records: registers, participants and their contacts, keep-apart links, referrals,
# enrolments and children, feedback (its free text) and the complaints and compliments log.
# Managers see aggregates only.
PERSONAL_RECORD_MARKERS = (
    "/participants", "/register", "/contacts", "/keep-apart", "/referrals", "/enrolments",
    "/children", "/feedback", "/comments",
)


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # as in the OpenAPI schema, e.g. /api/runs/{run_id}
    roles: tuple[str, ...]
    csrf_exempt: bool

    @property
    def url(self) -> str:
        return re.sub(r"{[^}]+}", "999999", self.path)

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def _endpoints() -> list[Endpoint]:
    found = []
    # Bound routers carry the effective auth (an operation's own, or the API's deny-all default).
    for bound in api._get_bound_routers():
        for path, view in bound.path_operations.items():
            full = normalize_path("/api/" + "/".join(p for p in (bound.prefix, path) if p))
            full = re.sub(r"{[^}:]+:", "{", full)  # {int:run_id} → {run_id}
            for operation in view.operations:
                found += _endpoints_of(full, operation)
    return sorted(found, key=lambda e: (e.path, e.method))


def _endpoints_of(path: str, operation: Operation) -> list[Endpoint]:
    roles = tuple(str(r) for r in allowed_roles(list(operation.auth_callbacks)))
    return [Endpoint(m.upper(), path, roles, bool(operation.csrf_exempt))
            for m in operation.methods]


ENDPOINTS = _endpoints()
MATRIX = [(e, role) for e in ENDPOINTS for role in Role]
UNSAFE_ENDPOINTS = [e for e in ENDPOINTS if e.method in UNSAFE]


def call(client: Client, endpoint: Endpoint) -> Any:
    send = getattr(client, endpoint.method.lower())
    if endpoint.method in UNSAFE:
        return send(endpoint.url, data="{}", content_type="application/json")
    return send(endpoint.url)


def detail(response: Any) -> Any:
    try:
        return response.json().get("detail")
    except (ValueError, AttributeError):
        return None


def test_matrix_found_the_api():
    assert ("GET", "/api/me") in {(e.method, e.path) for e in ENDPOINTS}


@pytest.mark.parametrize(("endpoint", "role"), MATRIX,
                         ids=[f"{e} as {r.value}" for e, r in MATRIX])
def test_role_gate(endpoint, role, make_user, client_for):
    response = call(client_for(make_user(role)), endpoint)

    if role in endpoint.roles:
        assert response.status_code != 401, response.content
        assert detail(response) != GATE_REFUSAL, f"{role} is listed but refused"
        assert response.status_code < 500, response.content
    else:
        assert response.status_code == 403, response.content
        assert detail(response) == GATE_REFUSAL


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_anonymous_is_refused(endpoint, client):
    response = call(client, endpoint)

    # Unsafe methods may meet the session auth's CSRF check first (403); both refuse.
    expected = {401, 403} if endpoint.method in UNSAFE else {401}
    assert response.status_code in expected, response.content


@pytest.mark.parametrize("endpoint", UNSAFE_ENDPOINTS, ids=str)
def test_session_without_csrf_token_is_refused(endpoint, make_user, browser_client_for):
    if not endpoint.roles:
        pytest.skip("no role may call it")  # test_every_operation_names_its_roles fails instead
    client = browser_client_for(make_user(endpoint.roles[0]))

    response = call(client, endpoint)

    assert response.status_code == 403, response.content
    assert detail(response) != GATE_REFUSAL


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_every_operation_names_its_roles(endpoint):
    # Deny by default: an operation without allow(...) is unreachable, i.e. forgotten.
    assert endpoint.roles, f"{endpoint} admits no role: declare auth=allow(*GROUP)"


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_only_allow_listed_operations_admit_every_role(endpoint):
    if (endpoint.method, endpoint.path) in OPEN_TO_ALL_ROLES:
        assert set(endpoint.roles) == set(Role)
    else:
        assert set(endpoint.roles) != set(Role), f"{endpoint} is open to every role"


PERSONAL = [e for e in ENDPOINTS if any(m in e.path for m in PERSONAL_RECORD_MARKERS)]


@pytest.mark.parametrize("endpoint", PERSONAL, ids=str)
def test_managers_cannot_reach_personal_records(endpoint):
    assert Role.MANAGER not in endpoint.roles
