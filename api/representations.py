"""The representations a document is offered in (the RDF formats of the table, then HTML),
and the responses that carry them: negotiated, announcing their alternates, cacheable
and answered conditionally (RFC 9110 §13, RFC 9111, RFC 8288)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response
from rdflib import Graph, URIRef

from api import context as jsonld
from api.negotiation import negotiate
from openminutes.formats import BY_MEDIA_TYPE, TRIPLE_FORMATS
from openminutes.vocab import PREFIXES

HTML = "text/html"
PLAIN_TEXT = "text/plain"

# The order is the server's preference: `*/*` gets Turtle.
OFFERED = (*(f.media_type for f in TRIPLE_FORMATS), HTML)
EXTENSIONS = {**{f.extension: f.media_type for f in TRIPLE_FORMATS}, "html": HTML}
_EXTENSION_OF = {media_type: extension for extension, media_type in EXTENSIONS.items()}
_PREFIXES_ONLY = {"@context": {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}}
# Headers a 304 repeats from the 200 it stands for (RFC 9110 §15.4.5).
_KEPT_BY_NOT_MODIFIED = ("cache-control", "content-location", "etag", "expires", "last-modified", "link", "vary")


def split_extension(path: str) -> tuple[str, str | None]:
    """A path and the media type its extension picks, or the path itself and None."""
    stem, dot, extension = path.rpartition(".")
    if dot and stem and extension in EXTENSIONS:
        return stem, EXTENSIONS[extension]
    return path, None


def extension(media_type: str) -> str:
    return _EXTENSION_OF[media_type]


def content_type(media_type: str) -> str:
    """The Content-Type header: text and XML types say they are UTF-8; JSON and N-Triples are by definition."""
    if media_type.startswith("text/") or media_type.endswith("+xml"):
        return f"{media_type}; charset=utf-8"
    return media_type


def choose_representation(request: Request, path: str) -> tuple[str, str, bool]:
    """(path without extension, media type, whether it was negotiated) for a request."""
    stem, chosen = split_extension(path)
    if chosen is not None:
        return stem, chosen, False
    return path, negotiate(request.headers.get("accept"), OFFERED), True


def with_extensions(router: APIRouter, stem: str):
    """Serves a handler at ``/<stem>``, negotiated, and at ``/<stem>.<extension>`` for each format;
    the handler is given the path asked for ("ns", "ns.ttl"), for :func:`choose_representation`."""
    def register(handler: Callable[[Request, str], Response]):
        def route(request: Request) -> Response:
            extension = request.path_params.get("extension")
            return handler(request, f"{stem}.{extension}" if extension else stem)

        router.add_api_route(f"/{stem}", route, methods=["GET", "HEAD"], name=stem)
        router.add_api_route(f"/{stem}.{{extension}}", route, methods=["GET", "HEAD"], name=f"{stem} as")
        return handler
    return register


def negotiated_headers(url: str, media_type: str) -> dict[str, str]:
    """Headers of a negotiated answer: it varies with Accept, and names the URL of the variant sent."""
    return {"Vary": "Accept", "Content-Location": f"{url}.{extension(media_type)}"}


def document_headers(url: str, media_type: str, negotiated: bool) -> dict[str, str]:
    """Headers of any representation of the document at ``url``: the negotiated ones if it
    was negotiated, and a Link header naming the document itself and its other representations."""
    links = [f'<{url}>; rel="canonical"'] + [
        f'<{url}.{extension(other)}>; rel="alternate"; type="{other}"' for other in OFFERED if other != media_type
    ]
    return {**(negotiated_headers(url, media_type) if negotiated else {}), "Link": ", ".join(links)}


def rdf_response(graph: Graph, media_type: str, headers: dict[str, str] | None = None, *,
                 context: dict | None = None, context_url: str | None = None,
                 first: URIRef | None = None) -> Response:
    """``graph`` in an RDF format. JSON-LD is compacted with ``context`` (our prefixes if None),
    named by ``context_url`` if given, with the node ``first`` first."""
    rdf_format = BY_MEDIA_TYPE[media_type]
    if rdf_format.rdflib == "json-ld":
        body = jsonld.write(graph, context or _PREFIXES_ONLY, context_url, first)
    else:
        body = graph.serialize(format=rdf_format.rdflib, encoding="utf-8")
    return Response(body, headers={**(headers or {}), "Content-Type": content_type(rdf_format.media_type)})


def page(request: Request, template: str, context: dict, status_code: int = 200,
         headers: dict[str, str] | None = None) -> Response:
    return request.app.state.templates.TemplateResponse(
        request, template, context, status_code=status_code, headers=headers
    )


def conditional(request: Request, response: Response, last_modified: datetime | None = None) -> Response:
    """``response`` with its validators (an ETag from its content; Last-Modified if known) and
    the configured Cache-Control, or a 304 Not Modified if the request's conditions say the
    client holds it already."""
    response.headers["ETag"] = f'"{hashlib.sha256(response.body).hexdigest()[:32]}"'
    response.headers["Cache-Control"] = request.app.state.settings.cache_control
    if last_modified is not None:
        response.headers["Last-Modified"] = format_datetime(_seconds(last_modified), usegmt=True)
    if not _not_modified(request, response.headers["ETag"], last_modified):
        return response
    kept = {name: value for name, value in response.headers.items() if name in _KEPT_BY_NOT_MODIFIED}
    return Response(status_code=304, headers=kept)


def _not_modified(request: Request, etag: str, last_modified: datetime | None) -> bool:
    """Whether If-None-Match, or in its absence If-Modified-Since, says the client's copy is current
    (RFC 9110 §13.1.2, §13.1.3, §13.2.2)."""
    if request.method not in ("GET", "HEAD"):
        return False
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = [tag.strip() for tag in if_none_match.split(",")]
        return "*" in tags or _opaque(etag) in {_opaque(tag) for tag in tags}  # the weak comparison
    if_modified_since = request.headers.get("if-modified-since")
    if if_modified_since is None or last_modified is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False  # an invalid date is ignored
    if since.tzinfo is None:
        since = since.replace(tzinfo=timezone.utc)
    return _seconds(last_modified) <= since


def _opaque(tag: str) -> str:
    return tag.removeprefix("W/")


def _seconds(moment: datetime) -> datetime:
    """A moment in UTC to the second, as HTTP dates have it."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).replace(microsecond=0)
