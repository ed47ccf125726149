"""Expected and actual answers of the W3C tests, compared.

An ASK answer is a boolean. A SELECT answer is its variables and its solutions, compared as a
multiset; where blank nodes appear, by isomorphism of graphs with one blank node per solution,
so that blank nodes map consistently. A CONSTRUCT answer is a graph, compared by isomorphism.

Numbers and booleans are compared by value: the suite writes a sum as "3.21E4"^^xsd:double
where the engine writes "32100"^^xsd:double, and SPARQL leaves the lexical form of a computed
value open. Every other literal is compared as written (terms are read with pyoxigraph, as
rdflib would normalise some).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

RS = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")
XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {XSD + name for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
    "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}
# The canonical form of a value of each datatype compared by value.
_CANONICAL = {
    **{datatype: lambda text: str(int(text)) for datatype in _INTEGERS},
    XSD + "decimal": lambda text: format(Decimal(text).normalize(), "f"),
    XSD + "double": lambda text: repr(float(text)),
    XSD + "float": lambda text: repr(float(text)),
    XSD + "boolean": lambda text: {"1": "true", "0": "false"}.get(text.strip(), text.strip()),
}


@dataclass(frozen=True)
class Solutions:
    variables: frozenset[str]
    rows: tuple[frozenset, ...]  # each a set of (variable, term)


def expected(path: Path) -> bool | Solutions | Graph:
    """The expected answer of a test: a results file, a result set in RDF, or a graph."""
    if path.suffix in (".srx", ".srj"):
        return answer(pyoxigraph.parse_query_results(path=path))
    graph = rdf_graph(pyoxigraph.parse(path=path, base_iri=path.as_uri()))
    result_set = graph.value(None, RDF.type, RS.ResultSet, any=False)
    if result_set is None:
        return graph
    boolean = graph.value(result_set, RS.boolean)
    if boolean is not None:
        return boolean.toPython()
    rows = tuple(
        frozenset((str(graph.value(b, RS.variable)), graph.value(b, RS.value)) for b in graph.objects(row, RS.binding))
        for row in graph.objects(result_set, RS.solution)
    )
    return Solutions(frozenset(str(v) for v in graph.objects(result_set, RS.resultVariable)), rows)


def answer(results) -> bool | Solutions:
    """The answer pyoxigraph read from a SPARQL results document."""
    if isinstance(results, pyoxigraph.QueryBoolean):
        return bool(results)
    variables = [variable.value for variable in results.variables]
    rows = tuple(
        frozenset((name, term(value)) for name in variables if (value := solution[name]) is not None)
        for solution in results
    )
    return Solutions(frozenset(variables), rows)


def rdf_graph(quads) -> Graph:
    graph = Graph()
    for quad in quads:
        graph.add((term(quad.subject), term(quad.predicate), term(quad.object)))
    return graph


def term(value):
    if isinstance(value, pyoxigraph.NamedNode):
        return URIRef(value.value)
    if isinstance(value, pyoxigraph.BlankNode):
        return BNode(value.value)
    if value.language:
        return Literal(value.value, lang=value.language)
    datatype = value.datatype.value
    if datatype == XSD + "string":
        return Literal(value.value)
    return Literal(_canonical(value.value, datatype), datatype=URIRef(datatype), normalize=False)


def difference(expected_answer, actual) -> str | None:
    """What differs between the expected answer and the actual one; None if nothing."""
    if type(expected_answer) is not type(actual):
        return f"expected {type(expected_answer).__name__}, got {type(actual).__name__}"
    if isinstance(actual, bool):
        return None if expected_answer is actual else f"expected {expected_answer}, got {actual}"
    if isinstance(actual, Graph):
        return None if isomorphic(expected_answer, actual) else _graph_difference(expected_answer, actual)
    if expected_answer.variables != actual.variables:
        return f"expected variables {sorted(expected_answer.variables)}, got {sorted(actual.variables)}"
    if Counter(expected_answer.rows) == Counter(actual.rows):
        return None
    if not any(isinstance(t, BNode) for rows in (expected_answer.rows, actual.rows) for row in rows for _, t in row):
        return _row_difference(expected_answer, actual)
    expected_graph, actual_graph = _solutions_graph(expected_answer), _solutions_graph(actual)
    return None if isomorphic(expected_graph, actual_graph) else _graph_difference(expected_graph, actual_graph)


def _solutions_graph(solutions: Solutions) -> Graph:
    graph = Graph()
    for row in solutions.rows:
        node = BNode()
        graph.add((RS.ResultSet, RS.solution, node))
        for name, value in row:
            graph.add((node, RS[f"binding-{name}"], value))
    return graph


def _row_difference(expected_answer: Solutions, actual: Solutions) -> str:
    missing = Counter(expected_answer.rows) - Counter(actual.rows)
    extra = Counter(actual.rows) - Counter(expected_answer.rows)
    return f"only expected:\n{_rows(missing)}\nonly in the answer:\n{_rows(extra)}"


def _rows(rows: Counter) -> str:
    return "\n".join("  " + ", ".join(f"?{name}={value.n3()}" for name, value in sorted(row)) for row in rows.elements())


def _graph_difference(expected_graph: Graph, actual: Graph) -> str:
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected_graph), to_isomorphic(actual))
    return (f"only expected:\n{only_expected.serialize(format='nt')}\n"
            f"only in the answer:\n{only_actual.serialize(format='nt')}")


def _canonical(text: str, datatype: str) -> str:
    try:
        return _CANONICAL[datatype](text) if datatype in _CANONICAL else text
    except (ValueError, InvalidOperation):
        return text
