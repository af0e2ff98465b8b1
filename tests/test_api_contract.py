"""API contract: schemathesis fuzzes every operation in /api/openapi.json through the WSGI app.

Each operation is called with generated (valid and invalid) input, authenticated by bearer
token as each role in turn, and anonymously. It must never answer 5xx, and what it
answers must match the schema it publishes. Operations are discovered from the live schema,
so endpoints added later are fuzzed without touching this file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, get_args

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from pydantic import BaseModel
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from scheduler.api import api
from scheduler.platform.auth import token_create
from scheduler.platform.roles import Role
from tests.factories import EnrolmentFactory, SessionFactory


def _schema_document() -> tuple[dict[str, Any], str]:
    """The document /api/openapi.json serves (test_served_schema_is_the_one_fuzzed proves it),
    built here because collection happens before any database or token exists. A schema that
    cannot be built fails one test below instead of stopping the whole suite's collection."""
    try:
        return dict(api.get_openapi_schema(path_prefix="/api/")), ""
    except Exception as exc:  # noqa: BLE001 - reported by test_openapi_schema_builds
        empty = {"openapi": "3.1.0", "info": {"title": "unbuildable", "version": "0"}, "paths": {}}
        return empty, f"{type(exc).__name__}: {exc}"


SCHEMA_DOC, SCHEMA_ERROR = _schema_document()
schema = schemathesis.openapi.from_dict(SCHEMA_DOC)


def content_type_conformance_when_routed(ctx: Any, response: Any, case: Any) -> bool | None:
    """Documented content types, for requests that reached the API.

    A path parameter its URL converter rejects (e.g. "null" for {int:booking_id}) never matches
    a route: Django answers with its HTML 404, which is not the operation's contract.
    """
    content_type = (response.headers.get("content-type") or [""])[0]
    if response.status_code == 404 and content_type.startswith("text/html"):
        return None
    return content_type_conformance(ctx, response, case)


def status_code_conformance_when_routed(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every status an operation answers is documented (same routing caveat as above)."""
    content_type = (response.headers.get("content-type") or [""])[0]
    if response.status_code == 404 and content_type.startswith("text/html"):
        return None
    return status_code_conformance(ctx, response, case)


CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance_when_routed,
          status_code_conformance_when_routed]
FAST = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,  # the same inputs every run: a failure here is reproducible, not flaky
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.filter_too_much, HealthCheck.data_too_large],
)


@pytest.fixture
def wsgi_app(db) -> Iterator[WSGIHandler]:  # type: ignore[no-untyped-def]
    """The production WSGI handler, inside the test's transaction.

    Like Django's test client, keep the per-request connection clean-up from closing the
    connection that holds the test transaction.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def some_records(db) -> None:  # type: ignore[no-untyped-def]
    """A run with sessions and enrolments, so list operations answer with real rows."""
    session = SessionFactory()
    SessionFactory(run=session.run)
    EnrolmentFactory(run=session.run)



@pytest.fixture(params=[*Role, None], ids=[*(r.value for r in Role), "anonymous"])
def auth_headers(request, make_user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Every role, and nobody: refused callers must get a documented 401/403, never a 5xx."""
    if request.param is None:
        return {}
    _, raw = token_create(user=make_user(request.param), name="schemathesis")
    return {"Authorization": f"Bearer {raw}"}


def test_openapi_schema_builds():
    assert SCHEMA_ERROR == ""


def _models_in(annotation: Any, seen: set[type] | None = None) -> Iterator[type[BaseModel]]:
    seen = set() if seen is None else seen
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:  # a model that contains itself
            return
        seen.add(annotation)
        yield annotation
        for field in annotation.model_fields.values():
            yield from _models_in(field.annotation, seen)
    for arg in get_args(annotation):
        yield from _models_in(arg, seen)


def _published_models() -> Iterator[type[BaseModel]]:
    """Body and response schemas: the ones published under #/components/schemas by name."""
    for bound in api._get_bound_routers():
        for view in bound.path_operations.values():
            for operation in view.operations:
                bodies = [m for m in operation.models if m.__ninja_param_source__ == "body"]
                for wrapper in [*bodies, *operation.response_models.values()]:
                    for field in getattr(wrapper, "model_fields", {}).values():
                        yield from _models_in(field.annotation)


def _shape(schema: Any) -> Any:
    """A JSON schema without its prose: two copies differing only in docstrings are the same."""
    if isinstance(schema, dict):
        return {k: _shape(v) for k, v in schema.items() if k != "description"}
    if isinstance(schema, list):
        return [_shape(v) for v in schema]
    return schema


def test_schema_names_are_unique():
    # Components are keyed by class name: a second class with the same name silently replaces
    # the first, and an operation then documents another operation's shape.
    by_name: dict[str, dict[str, Any]] = {}
    clashes = set()
    for model in _published_models():
        shape = _shape(model.model_json_schema())
        if by_name.setdefault(model.__name__, shape) != shape:
            clashes.add(f"{model.__name__} ({model.__module__})")

    assert sorted(clashes) == []


def test_served_schema_is_the_one_fuzzed(client_for, make_user):
    response = client_for(make_user(Role.COORDINATOR)).get("/api/openapi.json")

    assert response.json()["paths"] == SCHEMA_DOC["paths"]


if not SCHEMA_ERROR:  # schemathesis refuses a schema without operations

    @schema.parametrize()
    @FAST
    def test_operation_honours_its_contract(case, wsgi_app, auth_headers, some_records):
        case.call_and_validate(app=wsgi_app, headers=auth_headers, checks=CHECKS)


def _paginated_paths() -> list[str]:
    return sorted(
        path for path, item in SCHEMA_DOC["paths"].items()
        if {"limit", "offset"} <= {p["name"] for p in item.get("get", {}).get("parameters", [])}
    )


@pytest.mark.parametrize("param", ["limit", "offset"])
@pytest.mark.parametrize("path", _paginated_paths())
def test_paging_past_any_database_integer_is_refused_not_a_crash(path, param, client_for,
                                                                 make_user):
    # Fuzzing found it: ninja's LimitOffsetPagination bounds neither, and a number beyond
    # 64 bits is a database error (SQLite "datatype mismatch", PostgreSQL "bigint out of range").
    client = client_for(make_user(Role.ADMIN))
    client.raise_request_exception = False
    url = re.sub(r"{[^}]+}", "1", path)

    response = client.get(url, {param: str(10**30)})

    assert response.status_code in {200, 404, 422}, response.status_code


def _is_free_text(schema: dict[str, Any]) -> bool:
    options = schema.get("anyOf", [schema])
    return any(o.get("type") == "string" and "format" not in o and "enum" not in o
               for o in options)


def _free_text_query_params() -> list[tuple[str, str]]:
    return sorted(
        (path, param["name"])
        for path, item in SCHEMA_DOC["paths"].items()
        for param in item.get("get", {}).get("parameters", [])
        if param["in"] == "query" and _is_free_text(param["schema"])
    )


@pytest.mark.parametrize(("path", "param"), _free_text_query_params())
def test_free_text_filter_with_a_nul_byte_is_not_a_crash(path, param, client_for, make_user):
    # Fuzzing found it on PostgreSQL: "text fields cannot contain NUL (0x00) bytes" is a
    # DataError, i.e. a 500, unless the filter is an enum or validated first.
    client = client_for(make_user(Role.ADMIN))
    client.raise_request_exception = False
    url = re.sub(r"{[^}]+}", "1", path)

    response = client.get(url, {param: "pending\x00"})

    assert response.status_code in {200, 404, 422}, response.status_code
