"""The JSON-LD context of the data we serve, and JSON-LD written with it.

The context is read off the ontology, so it names every term the ontology
defines: classes, properties and the concepts of its schemes are known by their
local names ("Meeting", "date", "attendanceStatus", "Present"); object
properties make their values IRIs, or concept names where their range is a
SKOS concept; datatype properties give their values the datatype of their
range, unless JSON has a type of its own for it. The few terms of other vocabularies our data uses are named here. It is
published at ``/context.jsonld``, and every JSON-LD document we serve refers to
it there.
"""

from __future__ import annotations

import json

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, URIRef
from rdflib.namespace import DCTERMS, PROV

from openminutes.vocab import OA, OM, PREFIXES

PATH = "context.jsonld"
# Values JSON writes as they are: strings, booleans and integers.
UNCOERCED = (XSD.string, XSD.boolean, XSD.integer)

# Terms of other vocabularies in our data: name → (IRI, how its values are coerced).
OTHER_TERMS: dict[str, tuple[URIRef, str | None]] = {
    "wasDerivedFrom": (PROV.wasDerivedFrom, "@id"),
    "SpecificResource": (OA.SpecificResource, None),
    "hasSource": (OA.hasSource, "@id"),
    "hasSelector": (OA.hasSelector, "@id"),
    "TextPositionSelector": (OA.TextPositionSelector, None),
    "TextQuoteSelector": (OA.TextQuoteSelector, None),
    "start": (OA.start, None),
    "end": (OA.end, None),
    "exact": (OA.exact, None),
    "format": (DCTERMS.format, None),
    "source": (DCTERMS.source, "@id"),
    "modified": (DCTERMS.modified, XSD.dateTime),
}


def build(ontology: Graph) -> dict:
    """The context document for the terms of ``ontology`` and :data:`OTHER_TERMS`."""
    terms: dict[str, object] = {"@version": 1.1, "@vocab": str(OM), "id": "@id", "type": "@type"}
    terms.update({prefix: str(namespace) for prefix, namespace in PREFIXES.items()})
    for name, (iri, coercion) in OTHER_TERMS.items():
        terms[name] = _term(iri, coercion)
    for prop in sorted(_ours(ontology, OWL.ObjectProperty)):
        concept = (prop, RDFS.range, SKOS.Concept) in ontology
        terms[_local(prop)] = _term(prop, "@vocab" if concept else "@id")
    for prop in sorted(_ours(ontology, OWL.DatatypeProperty)):
        datatype = ontology.value(prop, RDFS.range)
        terms[_local(prop)] = _term(prop, None if datatype in (None, *UNCOERCED) else datatype)
    for kind in (OWL.Class, SKOS.Concept):
        for term in sorted(_ours(ontology, kind)):
            terms[_local(term)] = _compact(term)
    return {"@context": terms}


def write(graph: Graph, context: dict, reference: str | None = None, first: URIRef | None = None) -> bytes:
    """``graph`` as JSON-LD compacted with ``context``, which it names by the URL
    ``reference`` if given (and holds inline otherwise). Nodes come in order of
    their IRIs, ``first`` first, so the same graph is always written the same way."""
    compacted = json.loads(graph.serialize(format="json-ld", context=context["@context"], auto_compact=True))
    compacted.pop("@context", None)
    nodes = compacted.pop("@graph", None) or ([compacted] if compacted else [])
    nodes = [{key: _sorted(value) for key, value in node.items()} for node in nodes]
    nodes.sort(key=lambda node: (node.get("id") != str(first), str(node.get("id"))))
    document = {"@context": reference or context["@context"], "@graph": nodes}
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def _ours(ontology: Graph, kind: URIRef) -> set[URIRef]:
    return {t for t in ontology.subjects(RDF.type, kind) if isinstance(t, URIRef) and t.startswith(OM)}


def _local(term: URIRef) -> str:
    return term[len(OM):]


def _compact(iri: URIRef) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return str(iri)


def _term(iri: URIRef, coercion: str | URIRef | None) -> dict:
    term = {"@id": _compact(iri)}
    if coercion:
        term["@type"] = coercion if coercion.startswith("@") else _compact(URIRef(coercion))
    return term


def _sorted(value):
    """The values of a property in a fixed order (a JSON-LD array without @list is a set)."""
    if isinstance(value, list):
        return sorted(value, key=lambda v: json.dumps(v, sort_keys=True))
    return value
