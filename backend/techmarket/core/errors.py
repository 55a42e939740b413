"""Errors as RFC 9457 ``application/problem+json``, each with a stable ``code``.

Services raise ``AppError`` subclasses; one set of handlers renders every error of the app, the
framework's own (404, 405, 422) included, so clients handle a single shape. Unexpected errors
(500) are answered by ``core.middleware``, which knows the request id.
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from techmarket.core.request_context import current_request_id

PROBLEM_MEDIA_TYPE = "application/problem+json"


class FieldError(BaseModel):
    field: str = Field(description="Dotted path of the failing input, e.g. `body.title`.")
    message: str
    type: str = Field(
        default="",
        description="What is wrong, stable: a validation type (`missing`, `string_too_long`, "
        "`credit_code_invalid`...) or, for business rules, the problem's own `code`.",
    )


class Problem(BaseModel):
    """RFC 9457 problem details, with our stable ``code`` and, for 422, the failing fields."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    code: str = Field(description="Stable machine-readable error code, e.g. `demand.not_found`.")
    instance: str | None = None
    request_id: str | None = None
    fields: list[FieldError] | None = None


class AppError(Exception):
    """Base of every business error; subclasses fix ``code``, ``status`` and ``title``."""

    code: ClassVar[str] = "error"
    status: ClassVar[int] = 400
    title: ClassVar[str] = "Bad request"

    def __init__(
        self,
        detail: str | None = None,
        *,
        fields: list[FieldError] | None = None,
        headers: Mapping[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail
        # A field error without its own type carries the problem's code: with several failing
        # fields, each still says which rule it broke.
        self.fields = fields and [
            f if f.type else f.model_copy(update={"type": self.code}) for f in fields
        ]
        self.headers = headers
        self.extra = extra


class InvalidInput(AppError):
    code = "request.validation_failed"
    status = 422
    title = "Unprocessable content"

    @classmethod
    def from_validation(cls, error: ValidationError, prefix: str = "body") -> InvalidInput:
        """The same answer as for a request that fails validation, for checks done later
        (e.g. a partial update validated together with what is stored)."""
        fields = [
            FieldError(
                field=_field_path((prefix, *item["loc"])), message=item["msg"], type=item["type"]
            )
            for item in error.errors()
        ]
        return cls(f"invalid input: {', '.join(f.field for f in fields)}", fields=fields)


class DatabaseUnavailable(AppError):
    """PostgreSQL cannot be reached (restarting, failing over): the request did nothing and may
    be sent again in a moment. The pool reconnects on its own once the server is back."""

    code = "database.unavailable"
    status = 503
    title = "The database is unavailable for a moment; try again shortly"

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(detail, headers={"Retry-After": "5"})


# SQLSTATE classes of a lost or refused connection: 08 connection exception, 57P operator
# intervention (admin shutdown, crash shutdown, cannot connect now).
_UNAVAILABLE_SQLSTATES = ("08", "57P")


def is_database_unavailable(error: DBAPIError) -> bool:
    sqlstate = str(getattr(error.orig, "sqlstate", "") or "")
    return error.connection_invalidated or sqlstate.startswith(_UNAVAILABLE_SQLSTATES)


_HTTP_CODES = {
    404: "http.not_found",
    405: "http.method_not_allowed",
    406: "http.not_acceptable",
    413: "http.payload_too_large",
    415: "http.unsupported_media_type",
}


def problem_response(problem: Problem, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        problem.model_dump(exclude_none=True),
        status_code=problem.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def _problem(request: Request, status: int, code: str, title: str, **fields: Any) -> Problem:
    return Problem(
        status=status,
        code=code,
        title=title,
        instance=request.url.path,
        request_id=current_request_id(),
        **fields,
    )


async def _app_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, AppError)
    problem = _problem(
        request, error.status, error.code, error.title, detail=error.detail, fields=error.fields
    )
    body = problem.model_dump(exclude_none=True) | error.extra
    return JSONResponse(
        body, status_code=error.status, media_type=PROBLEM_MEDIA_TYPE, headers=error.headers
    )


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    status = error.status_code
    title = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    code = _HTTP_CODES.get(status, f"http.{status}")
    detail = error.detail if isinstance(error.detail, str) and error.detail != title else None
    return problem_response(
        _problem(request, status, code, title, detail=detail), headers=error.headers
    )


def _field_path(location: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(part) for part in location)


async def _validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    fields = [
        FieldError(field=_field_path(item["loc"]), message=item["msg"], type=item["type"])
        for item in error.errors()
    ]
    names = ", ".join(field.field for field in fields)
    return problem_response(
        _problem(
            request,
            422,
            "request.validation_failed",
            "Unprocessable content",
            detail=f"invalid input: {names}",
            fields=fields,
        )
    )


# PostgreSQL refuses text holding NUL (22021, character_not_in_repertoire) or bytes its
# encoding cannot hold (22P05): input that no validator looks for, and the caller's fault.
_INVALID_TEXT_STATES = frozenset({"22021", "22P05"})


async def _database_error(request: Request, error: Exception) -> JSONResponse:
    """A connection lost in the middle of a request is a 503 like a refused one; text the
    database cannot hold is a 422; any other database error is a defect, left to the last line
    of defence (a 500 with the request id, logged)."""
    assert isinstance(error, DBAPIError)
    if is_database_unavailable(error):
        return await _app_error(
            request, DatabaseUnavailable("the connection to the database was lost")
        )
    if getattr(error.orig, "sqlstate", None) not in _INVALID_TEXT_STATES:
        raise error
    return problem_response(
        _problem(
            request,
            422,
            "request.invalid_text",
            "Unprocessable content",
            detail="text must not contain NUL (\\u0000) characters",
        )
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(DBAPIError, _database_error)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` entry that declares problem+json answers in the OpenAPI document."""
    return {
        status: {"model": Problem, "description": HTTPStatus(status).phrase} for status in statuses
    }


_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


def install_problem_openapi(app: FastAPI) -> None:
    """Document every error answer as ``application/problem+json`` with the Problem schema.

    FastAPI documents declared error models as ``application/json`` and adds its own
    ``HTTPValidationError`` for 422; neither is what the API answers. Every operation with a
    body also declares 400: FastAPI's answer to a body it cannot parse at all (bytes that are
    not UTF-8, a broken multipart form).
    """
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                if "requestBody" in operation:  # a body that cannot be parsed at all
                    operation["responses"].setdefault(
                        "400",
                        {
                            "description": "Bad Request",
                            "content": {PROBLEM_MEDIA_TYPE: {"schema": dict(_PROBLEM_REF)}},
                        },
                    )
                for status, response in operation.get("responses", {}).items():
                    if int(status) >= 400 and response.get("content", {}).get("application/json"):
                        refers = response["content"]["application/json"].get("schema")
                        if refers == _PROBLEM_REF or status == "422":
                            response["content"] = {
                                PROBLEM_MEDIA_TYPE: {"schema": dict(_PROBLEM_REF)}
                            }
                        if status == "422":
                            response["description"] = "Unprocessable content"
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for unused in ("HTTPValidationError", "ValidationError"):
            components.pop(unused, None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
