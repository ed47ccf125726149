"""SHACL validation of one document's graph against the shapes in ``shapes/``:
the gate before publication. Violations refuse a document; warnings and infos
are published with it.

Two engines give the same results (tests/test_shapes.py runs every case on
both): pySHACL, the reference, and pyshacl-turbo, which runs the same shapes
compiled once in Rust, about three times faster on a meeting's graph
(``bench/validate.py``). Publication uses the faster one.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyshacl
import pyshacl_turbo
from rdflib import Graph, Node
from rdflib.namespace import SH, NamespaceManager
from rdflib.plugins.sparql import prepareQuery

from openminutes.vocab import bind_prefixes

SHAPES_DIR = Path(__file__).resolve().parents[1] / "shapes"
SEVERITIES = ("Violation", "Warning", "Info")
ENGINES = ("pyshacl-turbo", "pyshacl")

# pyshacl adds its own triples to its shapes graph on every run, and one graph
# must not be written while another thread reads it; pyshacl-turbo does not say
# whether its compiled shapes may be shared between threads.
_lock = threading.Lock()


@dataclass(frozen=True)
class Result:
    severity: str  # "Violation", "Warning" or "Info"
    focus: str  # the node the result is about
    path: str | None  # the property, prefixed as in vocab.PREFIXES ("om:date", "^om:attendance"); None for the node itself
    message: str
    shape: str  # the shape that reported it


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    results: list[Result]
    graph: Graph  # the SHACL validation report

    @property
    def text(self) -> str:
        """The results for a person, violations first: "Violation: <focus> <path>: <message>"."""
        counts = ", ".join(
            f"{n} {severity.lower()}{'s' if n != 1 else ''}"
            for severity in SEVERITIES
            if (n := sum(r.severity == severity for r in self.results))
        )
        lines = [("Conforms" if self.conforms else "Does not conform") + (f": {counts}" if counts else "")]
        for severity in SEVERITIES:
            group = [r for r in self.results if r.severity == severity]
            if group:
                lines.append("")
                lines.extend(f"{severity}: {r.focus}{' ' + r.path if r.path else ''}: {r.message}" for r in group)
        return "\n".join(lines)


def validate(graph: Graph, engine: str = ENGINES[0]) -> ValidationReport:
    """Validates a graph against our shapes with one of ``ENGINES``; the graph is left unchanged.

    No inference and no ontology graph: the converters state every class a node has."""
    run = {"pyshacl-turbo": _turbo, "pyshacl": _pyshacl}[engine]
    with _lock:
        report = run(graph)
    results = sorted(
        {_result(report, node) for node in report.objects(None, SH.result)},
        key=lambda r: (SEVERITIES.index(r.severity), r.focus, r.path or "", r.message),
    )
    return ValidationReport(all(r.severity != "Violation" for r in results), results, report)


@cache
def shapes_graph() -> Graph:
    """The shapes as written: pyshacl is handed a copy, as it writes to its shapes graph."""
    graph = Graph()
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def _turbo(graph: Graph) -> Graph:
    _, report, _ = _compiled_shapes().validate(graph, allow_warnings=True, allow_infos=True)
    return report


@cache
def _compiled_shapes() -> pyshacl_turbo.CompiledShapes:
    # Without prefixes: pyshacl-turbo binds each prefix of the shapes graph in every report, which no one reads.
    unprefixed = Graph(bind_namespaces="none")
    for triple in shapes_graph():
        unprefixed.add(triple)
    return pyshacl_turbo.compile_shapes(unprefixed)


def _pyshacl(graph: Graph) -> Graph:
    # A copy: pyshacl needs a store that keeps contexts, which the converters' graphs need not have.
    data = _PreparedQueries()
    data += graph
    _, report, _ = pyshacl.validate(
        data,
        shacl_graph=_pyshacl_shapes(),
        inference="none",
        allow_warnings=True,
        allow_infos=True,
    )
    return report


@cache
def _pyshacl_shapes() -> Graph:
    return Graph() + shapes_graph()


class _PreparedQueries(Graph):
    """A view of a graph that parses each SPARQL text once: pyshacl sends a
    constraint's text again for every focus node, and parsing it takes ~10 ms."""

    def query(self, query_object, *args, **kwargs):
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@cache
def _prepared(text: str):
    return prepareQuery(text)


def _result(report: Graph, node) -> Result:
    path = report.value(node, SH.resultPath)
    return Result(
        severity=report.value(node, SH.resultSeverity).fragment,
        focus=str(report.value(node, SH.focusNode)),
        path=None if path is None else path_text(report, path),
        message=" ".join(sorted(str(m) for m in report.objects(node, SH.resultMessage))),
        shape=str(report.value(node, SH.sourceShape)),
    )


def path_text(graph: Graph, path: Node) -> str:
    """A SHACL path of ``graph`` in SPARQL's syntax for property paths: the shapes use properties
    ("om:date"), inverses ("^om:attendance") and alternatives ("om:item|om:citedItemNumber")."""
    if (inverse := graph.value(path, SH.inversePath)) is not None:
        return "^" + path_text(graph, inverse)
    if (alternatives := graph.value(path, SH.alternativePath)) is not None:
        return "|".join(path_text(graph, alternative) for alternative in graph.items(alternatives))
    return path.n3(_names())


@cache
def _names() -> NamespaceManager:
    graph = Graph()
    bind_prefixes(graph)
    return graph.namespace_manager
