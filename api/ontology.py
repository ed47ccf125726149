"""The ontology at ``/ns``, negotiated like every other document; HTML lists its terms."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef

from api import views
from api.representations import HTML, choose_representation, negotiated_headers, page, rdf_response
from openminutes.vocab import OM, ONTOLOGY_IRI, bind_prefixes

SOURCE = Path(__file__).resolve().parents[1] / "ontology" / "openminutes.ttl"
SECTIONS = (
    ("Classes", OWL.Class),
    ("Object properties", OWL.ObjectProperty),
    ("Datatype properties", OWL.DatatypeProperty),
    ("Concepts", SKOS.Concept),
)
RELATIONS = (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, SKOS.inScheme, SKOS.closeMatch)

router = APIRouter()


def load() -> Graph:
    graph = Graph().parse(SOURCE, format="turtle")
    bind_prefixes(graph)
    return graph


@router.api_route("/ns", methods=["GET", "HEAD"])
def ontology(request: Request) -> Response:
    return _serve(request, "ns")


@router.api_route("/ns.{extension}", methods=["GET", "HEAD"])
def ontology_as(request: Request, extension: str) -> Response:
    return _serve(request, f"ns.{extension}")


def _serve(request: Request, path: str) -> Response:
    state = request.app.state
    path, media_type, negotiated = choose_representation(request, path)
    if path != "ns":
        raise HTTPException(404, f"There is no {path}; the ontology is at /ns.")
    headers = negotiated_headers(state.settings.base + path, media_type) if negotiated else {}
    if media_type != HTML:
        return rdf_response(state.ontology, media_type, headers)
    p = views.Page(state.ontology, state.ontology, state.iris, state.root)
    return page(request, "ontology.html", {"url": state.root + path, **describe_terms(p)}, headers=headers)


def describe_terms(p: views.Page) -> dict:
    ontology = URIRef(ONTOLOGY_IRI)
    return {
        "title": p.label(ontology),
        "iri": ontology,
        "comment": p.one(ontology, RDFS.comment),
        "version": p.one(ontology, OWL.versionInfo),
        "sections": [
            (heading, [_term(p, term) for term in p.having(RDF.type, kind) if str(term).startswith(str(OM))])
            for heading, kind in SECTIONS
        ],
    }


def _term(p: views.Page, term: URIRef) -> dict:
    return {
        "id": str(term)[len(OM):],
        "iri": term,
        "label": p.label(term),
        "comment": p.one(term, RDFS.comment),
        "relations": [(p.link(r), [p.value(v) for v in p.all(term, r)]) for r in RELATIONS if p.all(term, r)],
    }
