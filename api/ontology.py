"""The ontology at ``/ns``, negotiated like every other document. Its page is
generated here from the Turtle: each class with its super-classes, alignments,
properties and an example; each property with its domain and range; each
concept scheme with its concepts; the version and the change log."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from api import views
from api.representations import HTML, choose_representation, negotiated_headers, page, rdf_response, with_extensions
from converters import Source, convert
from openminutes.vocab import OM, ONTOLOGY_IRI, Iris, bind_prefixes

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "ontology" / "openminutes.ttl"
SAMPLES = ROOT / "samples"
ALIGNMENTS = ((SKOS.closeMatch, "close match"), (SKOS.relatedMatch, "related match"))
# The vocabularies the ontology builds on or aligns with, by namespace, for naming them on the page.
VOCABULARIES = {
    "http://www.w3.org/ns/org#": "W3C Organization Ontology",
    "http://www.w3.org/ns/prov#": "PROV-O",
    "https://schema.org/": "schema.org",
    "http://xmlns.com/foaf/0.1/": "FOAF",
    "http://data.europa.eu/eli/ontology#": "European Legislation Identifier",
    "http://purl.org/dc/terms/": "DCMI Terms",
    "http://www.w3.org/2004/02/skos/core#": "SKOS",
    "http://data.vlaanderen.be/ns/besluit#": "besluit (Flemish local decisions)",
    "http://data.vlaanderen.be/ns/mandaat#": "mandaat (Flemish mandates)",
    "https://schema.oparl.org/1.1/": "OParl 1.1",
    "http://www.w3.org/ns/opengov#": "Popolo",
    "http://www.w3.org/ns/person#": "Popolo (W3C Person vocabulary)",
}
LONGEST_LITERAL = 160  # characters of a literal an example shows

router = APIRouter()


def load() -> Graph:
    graph = Graph().parse(SOURCE, format="turtle")
    bind_prefixes(graph)
    return graph


@with_extensions(router, "ns")
def ontology(request: Request, path: str) -> Response:
    return serve_schema(request, path, request.app.state.ontology, "ontology.html", describe)


def serve_schema(request: Request, path: str, graph: Graph, template: str,
                 describe_page: Callable[[Graph, views.Page], dict]) -> Response:
    """A graph the service publishes whole at ``/<stem>``: RDF in every format, or a page described from it."""
    stem = path.partition(".")[0]
    state = request.app.state
    path, media_type, negotiated = choose_representation(request, path)
    if path != stem:
        raise HTTPException(404, f"There is no {path}; did you mean /{stem}?")
    headers = negotiated_headers(state.settings.base + path, media_type) if negotiated else {}
    if media_type != HTML:
        return rdf_response(graph, media_type, headers)
    p = views.Page(graph, state.ontology, state.iris, state.root)
    return page(request, template, {"url": state.root + path, **describe_page(graph, p)}, headers=headers)


def describe(ontology: Graph, p: views.Page) -> dict:
    iri = URIRef(ONTOLOGY_IRI)
    examples = sample_examples(p.iris)
    properties = [prop for kind in (OWL.ObjectProperty, OWL.DatatypeProperty) for prop in _ours(ontology, p, kind)]
    domains = {prop: classes_of(ontology, ontology.value(prop, RDFS.domain)) for prop in properties}
    ranges = {prop: classes_of(ontology, ontology.value(prop, RDFS.range)) for prop in properties}
    return {
        "title": p.label(iri),
        "iri": iri,
        "comment": p.one(iri, RDFS.comment),
        "version": p.one(iri, OWL.versionInfo),
        "version_iri": p.one(iri, OWL.versionIRI),
        "prior_version": p.one(iri, OWL.priorVersion),
        "license": p.one(iri, DCTERMS.license),
        "changes": sorted((str(n) for n in ontology.objects(iri, SKOS.changeNote)), key=_version, reverse=True),
        "classes": [_class(ontology, p, c, domains, ranges, examples) for c in _ours(ontology, p, OWL.Class)],
        "properties": [
            _property(ontology, p, prop, domains[prop], ranges[prop])
            for prop in sorted(properties, key=lambda prop: p.label(prop).lower())
        ],
        "schemes": [_scheme(ontology, p, s) for s in _ours(ontology, p, SKOS.ConceptScheme)],
    }


def classes_of(ontology: Graph, node: Node | None) -> list[Node]:
    """A domain or range as the classes it names: itself, or the members of its owl:unionOf."""
    if node is None:
        return []
    union = ontology.value(node, OWL.unionOf)
    return list(Collection(ontology, union)) if union is not None else [node]


def _ours(ontology: Graph, p: views.Page, rdf_type: URIRef) -> list[URIRef]:
    terms = {t for t in ontology.subjects(RDF.type, rdf_type) if t.startswith(str(OM))}
    return sorted(terms, key=lambda t: p.label(t).lower())


def _id(term: URIRef) -> str:
    return term[len(OM):]


def _link(ontology: Graph, p: views.Page, term: Node) -> dict:
    """A term as the page shows it: ours link to their entry here, others to their IRI, named by vocabulary."""
    if term.startswith(str(OM)):
        return {"href": f"#{_id(term)}", "text": p.label(term), "code": f"om:{_id(term)}"}
    namespace = next((ns for ns in VOCABULARIES if term.startswith(ns)), None)
    return {"href": str(term), "text": ontology.namespace_manager.normalizeUri(term),
            "vocabulary": VOCABULARIES.get(namespace)}


def _class(ontology: Graph, p: views.Page, cls: URIRef, domains: dict[URIRef, list], ranges: dict[URIRef, list],
           examples: dict[URIRef, dict]) -> dict:
    """A class with the properties whose domain is it or one of its super-classes."""
    ancestors = [cls, *ontology.transitive_objects(cls, RDFS.subClassOf)]
    properties = []
    for prop, domain in domains.items():
        if declared_on := [c for c in ancestors if c in domain]:
            properties.append({
                "link": _link(ontology, p, prop),
                "range": [_link(ontology, p, r) for r in ranges[prop]],
                "inherited_from": None if declared_on[0] == cls else _link(ontology, p, declared_on[0]),
            })
    properties.sort(key=lambda prop: (prop["inherited_from"] is not None, prop["link"]["text"].lower()))
    example = examples.get(cls)
    if example is None and (written := ontology.value(cls, SKOS.example)) is not None:
        example = {"turtle": str(written).strip(), "source": None}
    return {
        "id": _id(cls),
        "label": p.label(cls),
        "comment": p.one(cls, RDFS.comment),
        "super": [_link(ontology, p, s) for s in sorted(ontology.objects(cls, RDFS.subClassOf))],
        "sub": [_link(ontology, p, s) for s in sorted(ontology.subjects(RDFS.subClassOf, cls))],
        "alignments": [
            {"relation": relation, **_link(ontology, p, target)}
            for predicate, relation in ALIGNMENTS for target in sorted(ontology.objects(cls, predicate))
        ],
        "properties": properties,
        "ranged_by": [_link(ontology, p, prop) for prop in sorted(ranges, key=p.label) if cls in ranges[prop]],
        "example": example,
    }


def _property(ontology: Graph, p: views.Page, prop: URIRef, domain: list, range_: list) -> dict:
    return {
        "id": _id(prop),
        "label": p.label(prop),
        "kind": "object property" if (prop, RDF.type, OWL.ObjectProperty) in ontology else "datatype property",
        "comment": p.one(prop, RDFS.comment),
        "domain": [_link(ontology, p, c) for c in domain],
        "range": [_link(ontology, p, c) for c in range_],
        "super": [_link(ontology, p, s) for s in sorted(ontology.objects(prop, RDFS.subPropertyOf))],
    }


def _scheme(ontology: Graph, p: views.Page, scheme: URIRef) -> dict:
    concepts = sorted(ontology.subjects(SKOS.inScheme, scheme), key=lambda c: p.label(c).lower())
    return {
        "id": _id(scheme),
        "label": p.label(scheme),
        "comment": p.one(scheme, RDFS.comment),
        "concepts": [
            {"id": _id(c), "label": p.label(c), "comment": p.one(c, RDFS.comment),
             "broader": [_link(ontology, p, b) for b in sorted(ontology.objects(c, SKOS.broader))]}
            for c in concepts
        ],
    }


def _version(change_note: str) -> tuple[int, ...]:
    """The version a change note begins with, "0.2.0 (2026-11-25): …", for ordering."""
    match = re.match(r"(\d+(?:\.\d+)*)", change_note)
    return tuple(int(n) for n in match.group(1).split(".")) if match else ()


@cache
def sample_examples(iris: Iris) -> dict[URIRef, dict]:
    """For each class of ours, a real instance from the sample minutes we ship, converted
    now so that the example always shows what the converters emit: the one with the most
    properties, of the class itself rather than of a sub-class."""
    best: dict[URIRef, tuple] = {}
    for path in sorted(SAMPLES.glob("*.txt")):
        graph = convert(Source.from_path(path), iris).graph
        for node, cls in graph.subject_objects(RDF.type):
            if not cls.startswith(str(OM)):
                continue
            exact = set(graph.objects(node, RDF.type)) == {cls}
            rank = (exact, len(set(graph.predicates(node, None))), str(node))
            if cls not in best or rank > best[cls][0]:
                best[cls] = (rank, node, graph, path.name)
    return {cls: {"turtle": _turtle(graph, node), "source": name} for cls, (_, node, graph, name) in best.items()}


def _turtle(graph: Graph, node: Node) -> str:
    """A node's own triples as Turtle, without the prefix lines; long texts shortened."""
    snippet = Graph()
    bind_prefixes(snippet)
    for predicate, value in graph.predicate_objects(node):
        if isinstance(value, Literal) and len(value) > LONGEST_LITERAL:
            value = Literal(str(value)[: LONGEST_LITERAL - 1] + "…", lang=value.language, datatype=value.datatype)
        snippet.add((node, predicate, value))
    lines = snippet.serialize(format="turtle").splitlines()
    return "\n".join(line for line in lines if not line.startswith("@prefix")).strip()
