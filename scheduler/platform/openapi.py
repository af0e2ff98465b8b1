"""Make the published OpenAPI document true to what every operation can answer.

ninja documents only the statuses an operation names. Every operation here can also answer
401 (no or bad credentials), 403 (a role it does not admit), 404 (an unknown id or a row
the caller may not see) when it takes an id in its path or query, 422 (field-level errors)
when it takes any input, 400 (unparseable JSON) and 413 when it takes a body, and 503
(database briefly unavailable, with Retry-After).
Times are published as what pydantic sends, "HH:MM:SS" local time: JSON Schema's
`format: time` demands a UTC offset, which a London wall-clock time must not carry.
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI, Schema

from scheduler.platform.errors import ErrorOut

LOCAL_TIME = {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$",
              "description": "Local time in Europe/London, HH:MM or HH:MM:SS",
              "examples": ["10:00:00"]}
METHODS = {"get", "put", "post", "patch", "delete"}


class DetailOut(Schema):
    """An error with one message: 400, 401, 403, 404, 413, 503."""

    detail: str


def _ref(name: str, description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}}


def _error_statuses(operation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    params = operation.get("parameters", [])
    statuses = {"401": _ref("DetailOut", "Not signed in"),
                "403": _ref("DetailOut", "Your role does not allow this"),
                "503": _ref("DetailOut", "Briefly unavailable; see Retry-After")}
    if any(p["in"] == "path" or p["name"].endswith("_id") for p in params):
        statuses["404"] = _ref("DetailOut", "Not found")
    if params or "requestBody" in operation:
        statuses["422"] = _ref("ErrorOut", "Field-level errors")
    if "requestBody" in operation:
        statuses["400"] = _ref("DetailOut", "The body is not valid JSON")
        statuses["413"] = _ref("DetailOut", "Request body too large")
    return statuses


def _local_times(node: Any) -> Any:
    if isinstance(node, dict):
        if node.get("type") == "string" and node.get("format") == "time":
            return {**{k: v for k, v in node.items() if k != "format"}, **LOCAL_TIME}
        return {k: _local_times(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_local_times(v) for v in node]
    return node


def complete(document: dict[str, Any]) -> dict[str, Any]:
    """The document with every operation's error statuses and honest time formats."""
    components = document.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("DetailOut", DetailOut.model_json_schema())
    components.setdefault("ErrorOut", ErrorOut.model_json_schema(
        ref_template="#/components/schemas/{model}"))
    for name, schema in ErrorOut.model_json_schema(
            ref_template="#/components/schemas/{model}").get("$defs", {}).items():
        components.setdefault(name, schema)
    components["ErrorOut"].pop("$defs", None)
    for item in document.get("paths", {}).values():
        for method, operation in item.items():
            if method in METHODS:
                responses = operation.setdefault("responses", {})
                for status, response in _error_statuses(operation).items():
                    if status not in {str(s) for s in responses}:
                        responses[status] = response
    return _local_times(document)


class DocumentedAPI(NinjaAPI):
    """The NinjaAPI whose schema documents every status its operations can answer."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        completed = complete(dict(schema))
        schema.clear()
        schema.update(completed)
        return schema
