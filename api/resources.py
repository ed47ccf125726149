"""Linked Data: ``/id/…`` names a thing and redirects (303) to ``/doc/…``, the document
that describes it, in the representation the client asks for."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from rdflib import RDF

from api import views
from api.description import describe
from api.representations import HTML, choose_representation, negotiated_headers, page, rdf_response
from openminutes.vocab import OM

router = APIRouter()

TEMPLATES = {OM.Meeting: ("meeting.html", views.meeting), OM.Person: ("person.html", views.person)}
GENERIC = ("resource.html", views.resource)


@router.api_route("/id/{path:path}", methods=["GET", "HEAD"])
def resource(request: Request, path: str) -> Response:
    return RedirectResponse(request.app.state.settings.base + "doc/" + path, status_code=303)


@router.api_route("/doc/{path:path}", methods=["GET", "HEAD"])
def document(request: Request, path: str) -> Response:
    state = request.app.state
    path, media_type, negotiated = choose_representation(request, path)
    headers = negotiated_headers(state.settings.base + "doc/" + path, media_type) if negotiated else {}
    iri = state.iris.resource_for_doc_path(path)
    graph = describe(state.store, iri)
    if (iri, None, None) not in graph:
        raise HTTPException(404, f"Nothing is known here about {iri}.",
                            headers={"Vary": "Accept"} if negotiated else None)
    if media_type != HTML:
        return rdf_response(graph, media_type, headers)
    template, view = next(
        (TEMPLATES[t] for t in graph.objects(iri, RDF.type) if t in TEMPLATES), GENERIC
    )
    p = views.Page(graph, state.ontology, state.iris, state.root)
    context = {"iri": iri, "url": state.root + "doc/" + path, **view(p, iri)}
    return page(request, template, context, headers=headers)
