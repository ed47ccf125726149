"""Linked Data: ``/id/…`` names a thing and redirects (303) to ``/doc/…``, the document
that describes it, in the representation the client asks for; ``/context.jsonld`` is the
JSON-LD context those documents use."""

from __future__ import annotations

import json

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from rdflib import RDF

from api import context, views
from api.description import describe, last_modified
from api.negotiation import negotiate
from api.representations import HTML, choose_representation, conditional, document_headers, page, rdf_response

JSON_LD = "application/ld+json"
JSON = "application/json"

router = APIRouter()


@router.api_route("/id/{path:path}", methods=["GET", "HEAD"])
def resource(request: Request, path: str) -> Response:
    settings = request.app.state.settings
    document_url = settings.base + "doc/" + path
    return RedirectResponse(document_url, status_code=303, headers={
        "Link": f'<{document_url}>; rel="describedby"', "Cache-Control": settings.cache_control,
    })


@router.api_route("/doc/{path:path}", methods=["GET", "HEAD"])
def document(request: Request, path: str) -> Response:
    state = request.app.state
    path, media_type, negotiated = choose_representation(request, path)
    iri = state.iris.resource_for_doc_path(path)
    graph = describe(state.store, iri)
    if (iri, None, None) not in graph:
        raise HTTPException(404, f"Nothing is known here about {iri}.",
                            headers={"Vary": "Accept"} if negotiated else None)
    headers = document_headers(state.settings.base + "doc/" + path, media_type, negotiated)
    if media_type == HTML:
        template, view = next(
            (views.KINDS[t] for t in sorted(graph.objects(iri, RDF.type)) if t in views.KINDS), views.GENERIC
        )
        shown = view(views.Page(graph, state.ontology, state.iris, state.root), iri)
        variables = {"iri": iri, "url": state.root + "doc/" + path, "this": shown, **shown}
        response = page(request, template, variables, headers=headers)
    else:
        response = rdf_response(graph, media_type, headers, context=state.context,
                                context_url=state.settings.base + context.PATH, first=iri)
    return conditional(request, response, last_modified(state.store, state.iris, graph))


@router.api_route(f"/{context.PATH}", methods=["GET", "HEAD"])
def json_ld_context(request: Request) -> Response:
    media_type = negotiate(request.headers.get("accept"), (JSON_LD, JSON))
    body = json.dumps(request.app.state.context, ensure_ascii=False, indent=2).encode("utf-8")
    return conditional(request, Response(body, media_type=media_type, headers={"Vary": "Accept"}))
