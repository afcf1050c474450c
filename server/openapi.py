"""/openapi.json as the server really answers: its error body, its security scheme, every status code.

FastAPI describes the success answers from the routes' return types
(server/schemas.py) and each route's own error codes from its ``responses``
(``answers(409)``); this module adds what holds for every route:

- 400, 413 and 415 — any request: a malformed, too large or wrongly encoded
  body is refused before the route (server/limits.py);
- 422 — any route with parameters or a body (FastAPI's own entry, with our body);
- 401 and 403 — any route that needs a device token;
- 404 — any route with an id in its path;
- 503 — any route that reads the database (all but /api/health): a fault
  outside the request, such as another process holding the database.

Every error is the one body ``{error, message, message_vi}`` (schemas.ErrorBody).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import TypeAdapter

from server.schemas import ErrorBody

ERROR_REF = {"$ref": "#/components/schemas/Error"}
DESCRIPTIONS = {
    400: "The body could not be read (malformed JSON, a corrupt gzip body)",
    401: "No token, or a token this office does not know",
    403: "The device's role may not do this, or it acts for another counter",
    404: "No such ticket or counter",
    409: "The office's current state does not allow it (e.g. a counter not signed in, a ticket rated already)",
    413: "The body is over 64 KiB (or over it once decompressed)",
    415: "A Content-Encoding other than gzip",
    422: "A parameter or a field of the body is not acceptable; the message says which and why",
    429: "Too many wrong PINs: wait a minute",
    503: "The office database cannot be used right now (locked by another program, the disk full or read-only, "
    "its file removed or damaged): the message says which; try again shortly (Retry-After)",
}
# Routes that touch no database.
NO_DATABASE = {"/api/health"}


def answers(*codes: int) -> dict[int | str, dict[str, Any]]:
    """A route's own error codes, for its decorator's ``responses=``."""
    return {code: {"description": DESCRIPTIONS[code]} for code in codes}


class DescribedFastAPI(FastAPI):
    """FastAPI whose /openapi.json carries the error answers every route can give (``describe``)."""

    def openapi(self) -> dict[str, Any]:
        if self.openapi_schema is None:
            self.openapi_schema = describe(
                get_openapi(title=self.title, version=self.version, description=self.description, routes=self.routes)
            )
        return self.openapi_schema


def describe(schema: dict[str, Any]) -> dict[str, Any]:
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = TypeAdapter(ErrorBody).json_schema(ref_template="#/components/schemas/{model}")
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    for path, item in schema.get("paths", {}).items():
        for operation in item.values():
            responses: dict[str, Any] = operation.setdefault("responses", {})
            codes = {400, 413, 415}
            if "422" in responses:
                codes.add(422)
            if operation.get("security"):
                codes |= {401, 403}
            if "{" in path:
                codes.add(404)
            if path not in NO_DATABASE:
                codes.add(503)
            codes |= {int(code) for code in responses if code.startswith(("4", "5"))}
            for code in sorted(codes):
                responses[str(code)] = {
                    "description": DESCRIPTIONS[code],
                    "content": {"application/json": {"schema": ERROR_REF}},
                }
    return schema
