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
from openminutes.store import QuerySyntaxError, StoreError

log = logging.getLogger(__name__)

def install(app: FastAPI) -> None:
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(AcceptError, _malformed_accept)
    app.add_exception_handler(NotAcceptable, _not_acceptable)
    app.add_exception_handler(RefusedQuery, _refused_query)
    app.add_exception_handler(QuerySyntaxError, _refused_by_engine)
    app.add_exception_handler(StoreError, _store_down)


def error_response(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    try:
        wants_html = choose(request.headers.get("accept"), (PLAIN_TEXT, HTML)) == HTML
    except AcceptError:
        wants_html = False
    if wants_html:
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


async def _refused_query(request: Request, exc: RefusedQuery) -> Response:
    return error_response(request, 400, str(exc))


async def _refused_by_engine(request: Request, exc: QuerySyntaxError) -> Response:
    return error_response(request, 400, f"The query engine refused the query: {exc}")


async def _store_down(request: Request, exc: StoreError) -> Response:
    log.error("store failure on %s: %s", request.url.path, exc)
    return error_response(request, 503, "The data store is not available at the moment. Please try again later.")
