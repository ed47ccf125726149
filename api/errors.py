"""Every error as one clear message: an HTML page for browsers, plain text for everyone else."""

from __future__ import annotations

import logging
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse, Response
from starlette.exceptions import HTTPException

from api.negotiation import AcceptError, NotAcceptable, choose
from api.query_guard import RefusedQuery
from api.representations import HTML, PLAIN_TEXT, page
from openminutes.store import QueryFailed, QuerySyntaxError, QueryTimeout, StoreError

log = logging.getLogger(__name__)

# What a query can run into that the person who wrote it can put right.
QUERY_PROBLEMS = (RefusedQuery, QuerySyntaxError, QueryTimeout, QueryFailed)


def install(app: FastAPI) -> None:
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(AcceptError, _malformed_accept)
    app.add_exception_handler(NotAcceptable, _not_acceptable)
    for problem in QUERY_PROBLEMS:
        app.add_exception_handler(problem, _query_problem)
    app.add_exception_handler(StoreError, _store_down)


def query_problem(request: Request, exc: Exception) -> tuple[int, str]:
    """The status and the message that tell of one of the :data:`QUERY_PROBLEMS`."""
    if isinstance(exc, QueryTimeout):
        limit = request.app.state.settings.query_timeout
        return 504, (f"The query ran longer than the {limit:g} seconds this endpoint allows, and was stopped. "
                     "Make it more selective, or ask for fewer results.")
    if isinstance(exc, QuerySyntaxError):
        return 400, f"SPARQL syntax error: {exc}"
    if isinstance(exc, QueryFailed):
        return 500, f"The query engine could not answer the query: {exc}"
    return 400, str(exc)


def wants_html(request: Request) -> bool:
    """Whether the client would rather read an error as a page than as plain text."""
    try:
        return choose(request.headers.get("accept"), (PLAIN_TEXT, HTML)) == HTML
    except AcceptError:
        return False


def error_response(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    if wants_html(request):
        title = HTTPStatus(status).phrase
        return page(request, "error.html", {"title": title, "message": message}, status, headers)
    return PlainTextResponse(message + "\n", status, headers)


async def _http_error(request: Request, exc: HTTPException) -> Response:
    return error_response(request, exc.status_code, str(exc.detail), exc.headers)


async def _malformed_accept(request: Request, exc: AcceptError) -> Response:
    return PlainTextResponse(f"{exc}\n", 400, {"Vary": "Accept"})


async def _not_acceptable(request: Request, exc: NotAcceptable) -> Response:
    offered = "\n".join(f"  {media_type}" for media_type in exc.offered)
    message = f"None of the media types in your Accept header is available here. Available:\n{offered}\n"
    return PlainTextResponse(message, 406, {"Vary": "Accept"})


async def _query_problem(request: Request, exc: Exception) -> Response:
    return error_response(request, *query_problem(request, exc))


async def _store_down(request: Request, exc: StoreError) -> Response:
    log.error("store failure on %s: %s", request.url.path, exc)
    return error_response(request, 503, "The data store is not available at the moment. Please try again later.")
