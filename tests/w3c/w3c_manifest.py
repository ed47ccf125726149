"""The W3C SPARQL 1.1 test manifests (in ../shared/w3c/rdf-tests, read where they lie),
read into the cases our harness runs, and the known differences we document."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.collection import Collection

REPOSITORY = Path(__file__).resolve().parents[2]
SUITE = REPOSITORY.parent / "shared" / "w3c" / "rdf-tests" / "sparql" / "sparql11"
CONFORMANCE_DOC = REPOSITORY / "docs" / "sparql-conformance.md"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")


@dataclass(frozen=True)
class QueryCase:
    """A query evaluation or syntax test."""

    id: str  # "<directory>/<name>", as the known differences name it
    kind: str  # QueryEvaluationTest, PositiveSyntaxTest11 or NegativeSyntaxTest11
    query: Path
    data: tuple[Path, ...] = ()
    graph_data: tuple[Path, ...] = ()
    result: Path | None = None


@dataclass(frozen=True)
class HttpRequest:
    method: str
    path: str  # the manifest's path, with its /sparql/ prefix made our /sparql
    headers: dict[str, str]
    body: bytes | None
    expected_status: tuple[str, ...]  # status classes: "2", "3", "4"
    expected_format: str | None  # "boolean", "tabular" or "RDF"
    expected_boolean: bool | None


@dataclass(frozen=True)
class ProtocolCase:
    id: str
    graph_data: tuple[tuple[Path, str], ...]  # (file, name of the graph to load it into)
    requests: tuple[HttpRequest, ...]


def query_cases() -> list[QueryCase]:
    """Every test that manifest-sparql11-query.ttl includes, in order."""
    top = Graph().parse(SUITE / "manifest-sparql11-query.ttl")
    cases = []
    for included in top.objects(None, MF.include):
        for manifest in Collection(top, included):
            graph, entries = _entries(_path(manifest))
            for test in entries:
                action = graph.value(test, MF.action)
                is_syntax = (action, QT.query, None) not in graph
                cases.append(QueryCase(
                    id=_id(test),
                    kind=graph.value(test, RDF.type).partition("#")[2],
                    query=_path(action if is_syntax else graph.value(action, QT.query)),
                    data=() if is_syntax else _paths(graph.objects(action, QT.data)),
                    graph_data=() if is_syntax else _paths(graph.objects(action, QT.graphData)),
                    result=None if is_syntax else _path(graph.value(test, MF.result)),
                ))
    return cases


def protocol_cases() -> list[ProtocolCase]:
    graph, entries = _entries(SUITE / "protocol" / "manifest.ttl")
    cases = []
    for test in entries:
        graph_data = tuple(
            (_path(graph.value(data, UT.graph)), str(graph.value(data, RDFS_LABEL)))
            for data in graph.objects(test, UT.graphData)
        )
        connection = graph.value(test, MF.action)
        requests = tuple(_request(graph, request) for request in Collection(graph, graph.value(connection, HT.requests)))
        cases.append(ProtocolCase(_id(test), graph_data, requests))
    return cases


def service_description_cases() -> list[str]:
    _, entries = _entries(SUITE / "service-description" / "manifest.ttl")
    return [_id(test) for test in entries]


def known_differences() -> dict[str, str]:
    """Test id → the reason it fails, from the table in docs/sparql-conformance.md."""
    rows = re.findall(r"^\| `([\w./-]+)` \| (.+?) \|$", CONFORMANCE_DOC.read_text(encoding="utf-8"), re.M)
    return dict(rows)


def _request(graph: Graph, request) -> HttpRequest:
    headers = {str(graph.value(h, HT.fieldName)): str(graph.value(h, HT.fieldValue))
               for h in (Collection(graph, graph.value(request, HT.headers)) if graph.value(request, HT.headers) else ())}
    body = graph.value(request, HT.body)
    if body is not None:
        encoding = str(graph.value(body, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(body, CNT.chars)).encode(encoding)
    response = graph.value(request, HT.resp)
    expected_boolean = graph.value(response, MF.expectedBoolean)
    expected_format = graph.value(response, MF.expectedFormat)
    return HttpRequest(
        method=str(graph.value(request, HT.methodName)),
        path="/sparql" + str(graph.value(request, HT.absolutePath)).removeprefix("/sparql/"),
        headers=headers,
        body=body,
        expected_status=tuple(sorted(str(s)[-3] for s in graph.objects(response, MF.expectedStatus))),
        expected_format=None if expected_format is None else str(expected_format),
        expected_boolean=None if expected_boolean is None else expected_boolean.toPython(),
    )


def _entries(manifest: Path) -> tuple[Graph, list]:
    graph = Graph().parse(manifest)
    entries = graph.value(next(graph.subjects(RDF.type, MF.Manifest)), MF.entries)
    return graph, list(Collection(graph, entries))


def _id(test: URIRef) -> str:
    """``<directory>/<name>`` of a test, e.g. ``aggregates/agg01``."""
    path, _, name = str(test).partition("#")
    return f"{Path(unquote(urlsplit(path).path)).parent.name}/{name}"


def _path(iri) -> Path:
    return Path(unquote(urlsplit(str(iri)).path))


def _paths(iris) -> tuple[Path, ...]:
    return tuple(sorted(_path(iri) for iri in iris))
