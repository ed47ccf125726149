"""The representations a document is offered in (the RDF formats of the table, then HTML),
and the responses that carry them."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from rdflib import Graph

from api.negotiation import negotiate
from openminutes.formats import BY_MEDIA_TYPE, TRIPLE_FORMATS
from openminutes.vocab import PREFIXES

HTML = "text/html"
PLAIN_TEXT = "text/plain"

# The order is the server's preference: `*/*` gets Turtle.
OFFERED = (*(f.media_type for f in TRIPLE_FORMATS), HTML)
EXTENSIONS = {**{f.extension: f.media_type for f in TRIPLE_FORMATS}, "html": HTML}
_EXTENSION_OF = {media_type: extension for extension, media_type in EXTENSIONS.items()}
_JSON_LD_CONTEXT = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


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


def negotiated_headers(url: str, media_type: str) -> dict[str, str]:
    """Headers of a negotiated answer: it varies with Accept, and names the URL of the variant sent."""
    return {"Vary": "Accept", "Content-Location": f"{url}.{extension(media_type)}"}


def rdf_response(graph: Graph, media_type: str, headers: dict[str, str] | None = None) -> Response:
    rdf_format = BY_MEDIA_TYPE[media_type]
    options = {"context": _JSON_LD_CONTEXT, "auto_compact": True} if rdf_format.rdflib == "json-ld" else {}
    body = graph.serialize(format=rdf_format.rdflib, encoding="utf-8", **options)
    return Response(body, headers={**(headers or {}), "Content-Type": content_type(rdf_format.media_type)})


def page(request: Request, template: str, context: dict, status_code: int = 200,
         headers: dict[str, str] | None = None) -> Response:
    return request.app.state.templates.TemplateResponse(
        request, template, context, status_code=status_code, headers=headers
    )
