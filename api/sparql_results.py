"""SPARQL answers in the format a client asked for: a results format for SELECT and ASK,
an RDF format for CONSTRUCT and DESCRIBE; and the signal that an answer was cut short.

An answer that reached the row limit is cut there and says so: the header
``OpenMinutes-Results-Truncated: true`` (``false`` otherwise) on every SELECT, CONSTRUCT and
DESCRIBE answer, and in SPARQL JSON results a top-level member ``"truncated"`` between
``"head"`` and ``"results"``.
"""

from __future__ import annotations

import json

import pyoxigraph

from openminutes.formats import RESULTS_JSON
from openminutes.store import Bounded
from openminutes.vocab import PREFIXES

TRUNCATED_HEADER = "OpenMinutes-Results-Truncated"
TRUNCATED_MEMBER = "truncated"

_XSD_STRING = pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#string")
_PREFIXES = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def results(answer: bool | Bounded, media_type: str) -> bytes:
    """The answer to an ASK (a boolean) or a SELECT query in a SPARQL results format."""
    document = _json_results(answer)
    if media_type == RESULTS_JSON:
        return json.dumps(document, ensure_ascii=False).encode()
    document.pop(TRUNCATED_MEMBER, None)
    parsed = pyoxigraph.parse_query_results(json.dumps(document).encode(), pyoxigraph.QueryResultsFormat.JSON)
    return parsed.serialize(format=pyoxigraph.QueryResultsFormat.from_media_type(media_type))


def graph(answer: Bounded, media_type: str) -> bytes:
    """The triples a CONSTRUCT or DESCRIBE query made, in an RDF format, with those of our
    prefixes that it uses."""
    iris = {_iri(term) for quad in answer.items for term in (quad.subject, quad.predicate, quad.object)}
    prefixes = {prefix: namespace for prefix, namespace in _PREFIXES.items()
                if any(iri.startswith(namespace) for iri in iris)}
    return pyoxigraph.serialize(answer.items, format=pyoxigraph.RdfFormat.from_media_type(media_type),
                                prefixes=prefixes)


def _iri(term) -> str:
    """The IRI a term is or has as its datatype (for a blank node, nothing)."""
    if isinstance(term, pyoxigraph.Literal):
        return term.datatype.value
    return term.value if isinstance(term, pyoxigraph.NamedNode) else ""


def headers(answer: bool | Bounded) -> dict[str, str]:
    if isinstance(answer, bool):
        return {}
    return {TRUNCATED_HEADER: str(answer.truncated).lower()}


def _json_results(answer: bool | Bounded) -> dict:
    """The SPARQL 1.1 Query Results JSON Format, with our truncation member."""
    if isinstance(answer, bool):
        return {"head": {}, "boolean": answer}
    bindings = [
        {name: _json_term(term) for name in answer.variables if (term := solution[name]) is not None}
        for solution in answer.items
    ]
    # Before the solutions, where a streaming parser reads it first (Oxigraph's refuses anything after them).
    return {"head": {"vars": list(answer.variables)}, TRUNCATED_MEMBER: answer.truncated,
            "results": {"bindings": bindings}}


def _json_term(term) -> dict:
    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, pyoxigraph.Literal):
        value = {"type": "literal", "value": term.value}
        if term.language:
            value["xml:lang"] = term.language
        elif term.datatype != _XSD_STRING:
            value["datatype"] = term.datatype.value
        return value
    return {"type": "triple", "value": {
        "subject": _json_term(term.subject), "predicate": _json_term(term.predicate), "object": _json_term(term.object),
    }}
