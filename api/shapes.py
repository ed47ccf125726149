"""The SHACL shapes at ``/shapes``, negotiated like the ontology. The page lists
each node shape with what it checks of the nodes it targets, and the checks of
their properties, with the severity and the message of each."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SH
from rdflib.term import Node

from api import views
from api.views import Link
from api.ontology import serve_schema
from api.representations import with_extensions
from openminutes.validation import path_text, shapes_graph

SHAPES_IRI = URIRef("https://w3id.org/openminutes/shapes")
TARGETS = {
    SH.targetClass: "every {}",
    SH.targetSubjectsOf: "every node with a value of {}",
    SH.targetObjectsOf: "every value of {}",
    SH.targetNode: "the node {}",
}
# What each constraint parameter the shapes use says, in words; a value in {}.
CHECKS = {
    SH.nodeKind: "is {}",
    SH.minCount: "count ≥ {}",
    SH.maxCount: "count ≤ {}",
    SH.datatype: "of datatype {}",
    SH["class"]: "an instance of {}",
    SH["in"]: "one of {}",
    SH.pattern: "matches the pattern {}",
    SH.minLength: "{} or more characters long",
    SH.lessThan: "less than the value of {}",
    SH.lessThanOrEquals: "no greater than the value of {}",
    SH.disjoint: "never a value of {} too",
    SH.equals: "the same as the values of {}",
    SH.node: "each a {}",
}
NODE_KINDS = {SH.IRI: "an IRI", SH.BlankNode: "a blank node", SH.Literal: "a literal"}

router = APIRouter()


@with_extensions(router, "shapes")
def shapes(request: Request, path: str) -> Response:
    return serve_schema(request, path, shapes_graph(), "shapes.html", describe)


def describe(shapes: Graph, p: views.Page) -> dict:
    """Each node shape with the property shapes that check the same nodes (those
    it names with sh:property, and those with a target of its own); then any
    property shape that shares its targets with no node shape."""
    property_shapes = {s: set(_targets(shapes, s)) for s in shapes.subjects(RDF.type, SH.PropertyShape)}
    node_shapes, shown = [], set()
    for shape in sorted(shapes.subjects(RDF.type, SH.NodeShape), key=lambda s: _name(shapes, s).lower()):
        targets = set(_targets(shapes, shape))
        properties = {*shapes.objects(shape, SH.property),
                      *(s for s, theirs in property_shapes.items() if targets & theirs)}
        node_shapes.append({
            **_shape(shapes, p, shape),
            # A shape checking several classes is listed under each; its anchor is where it comes first.
            "properties": [
                {**_shape(shapes, p, s), "anchor": s not in shown}
                for s in sorted(properties, key=lambda s: _sort_key(shapes, p, s))
            ],
        })
        shown |= properties
    others = sorted(property_shapes.keys() - shown, key=lambda s: _sort_key(shapes, p, s))
    return {
        "title": str(shapes.value(SHAPES_IRI, RDFS.label)),
        "iri": SHAPES_IRI,
        "comment": shapes.value(SHAPES_IRI, RDFS.comment),
        "node_shapes": node_shapes,
        "other": [_shape(shapes, p, s) for s in others],
    }


def _targets(shapes: Graph, shape: Node) -> list[tuple[URIRef, Node]]:
    return [(kind, target) for kind in TARGETS for target in shapes.objects(shape, kind)]


def _reached(shapes: Graph, shape: Node) -> list[str]:
    """The nodes a shape with no targets of its own checks: the values of a property that another shape requires to
    have it (``sh:node``)."""
    return [TARGETS[SH.targetObjectsOf].format(path_text(shapes, shapes.value(user, SH.path)))
            + f" of a {_name(shapes, owner)}"
            for user in shapes.subjects(SH.node, shape) for owner in shapes.subjects(SH.property, user)]


def _name(shapes: Graph, shape: Node) -> str:
    return str(shapes.value(shape, SH.name) or shape)


def _sort_key(shapes: Graph, p: views.Page, shape: Node) -> tuple:
    return p.compact(shapes.value(shape, SH.path)), _name(shapes, shape)


def _shape(shapes: Graph, p: views.Page, shape: Node) -> dict:
    path = shapes.value(shape, SH.path)
    severity = shapes.value(shape, SH.severity) or SH.Violation
    return {
        "id": str(shape).rpartition("#")[2],
        "name": _name(shapes, shape),
        "description": shapes.value(shape, SH.description),
        # A property is shown by its label; a path of several, as SPARQL writes it.
        "path": None if path is None else p.link(path) if isinstance(path, URIRef)
        else Link(p.href(_property(shapes, path)), path_text(shapes, path)),
        "path_name": None if path is None else path_text(shapes, path),
        "targets": [TARGETS[kind].format(p.compact(target)) for kind, target in _targets(shapes, shape)]
        + _reached(shapes, shape),
        "checks": [
            CHECKS[parameter].format(_value(shapes, p, value))
            for parameter in CHECKS for value in shapes.objects(shape, parameter)
        ],
        "severity": severity.fragment,
        "message": shapes.value(shape, SH.message),
        "sparql": [
            {"message": shapes.value(c, SH.message), "select": str(shapes.value(c, SH.select)).strip()}
            for c in shapes.objects(shape, SH.sparql)
        ],
    }


def _property(shapes: Graph, path: Node) -> Node:
    """The property a path begins with, which the path's link leads to."""
    inner = shapes.value(path, SH.inversePath) or shapes.value(path, SH.alternativePath)
    if inner is None:
        return path
    return _property(shapes, shapes.value(inner, RDF.first) or inner)


def _value(shapes: Graph, p: views.Page, value: Node) -> str:
    if value in NODE_KINDS:
        return NODE_KINDS[value]
    if (value, RDF.type, SH.NodeShape) in shapes:
        return _name(shapes, value)
    if isinstance(value, Literal):
        return str(value)
    if (value, RDF.first, None) in shapes:
        return ", ".join(p.compact(item) for item in shapes.items(value))
    return p.compact(value)
