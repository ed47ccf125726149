"""The query evaluation and syntax tests of the W3C SPARQL 1.1 suite
(manifest-sparql11-query.ttl), each sent to our endpoint over HTTP.

Each evaluation test's data is loaded into the session's store, emptied first, through the
Graph Store Protocol: default graph data into the store's default graph, which the union
default graph shows; named graphs into graphs named by their files' IRIs. Where a test has named graphs,
the query names its dataset with default-graph-uri and named-graph-uri, since the union
default graph would otherwise show the named graphs' triples too; the test's default graph
data then goes into a graph of its own. Queries are sent with a BASE of their file's IRI, as
the suite expects relative IRIs to resolve against it.
"""

from __future__ import annotations

import re

import pyoxigraph
import pytest

from openminutes.formats import BY_NAME, RESULTS_JSON
from w3c_manifest import (
    CONFORMANCE_DOC, QueryCase, known_differences, protocol_cases, query_cases, service_description_cases,
)
import w3c_results

DIFFERENCES = known_differences()
CASES = query_cases()
DEFAULT_GRAPH = "urn:x-openminutes-w3c:default-graph"
ACCEPT = f"{RESULTS_JSON}, {BY_NAME['ntriples'].media_type}"
_DATASET_CLAUSE = re.compile(r"^\s*FROM\b", re.I | re.M)


def cases(*kinds: str) -> list:
    return [
        pytest.param(case, id=case.id, marks=[pytest.mark.xfail(reason=DIFFERENCES[case.id], strict=True)]
                     if case.id in DIFFERENCES else [])
        for case in CASES if case.kind in kinds
    ]


@pytest.mark.parametrize("case", cases("QueryEvaluationTest"))
def test_query_evaluation(case: QueryCase, endpoint, oxigraph):
    store = oxigraph.store
    store.update("DROP ALL")
    query = case.query.read_text(encoding="utf-8")
    explicit_dataset = bool(case.graph_data) and not _DATASET_CLAUSE.search(query)
    default_graph = {"graph": DEFAULT_GRAPH} if explicit_dataset else {"default": ""}
    for path in case.data:  # several files may make the default graph
        _load(endpoint.http, store, path, "POST", default_graph)
    for path in case.graph_data:
        _load(endpoint.http, store, path, "PUT", {"graph": path.as_uri()})
    parameters = []
    if explicit_dataset:
        parameters += [("default-graph-uri", DEFAULT_GRAPH)] if case.data else []
        parameters += [("named-graph-uri", path.as_uri()) for path in case.graph_data]

    response = endpoint.http.post(
        endpoint.url, params=parameters, content=f"BASE <{case.query.as_uri()}>\n{query}".encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": ACCEPT},
    )

    assert response.status_code == 200, response.text
    if response.headers["content-type"].startswith(RESULTS_JSON):
        actual = w3c_results.answer(pyoxigraph.parse_query_results(response.content, pyoxigraph.QueryResultsFormat.JSON))
    else:
        actual = w3c_results.rdf_graph(pyoxigraph.parse(response.content, pyoxigraph.RdfFormat.N_TRIPLES))
    difference = w3c_results.difference(w3c_results.expected(case.result), actual)
    assert difference is None, difference


@pytest.mark.parametrize("case", cases("PositiveSyntaxTest11", "NegativeSyntaxTest11"))
def test_query_syntax(case: QueryCase, endpoint):
    response = endpoint.http.post(
        endpoint.url, content=case.query.read_bytes(), headers={"Content-Type": "application/sparql-query"},
    )
    if case.kind == "PositiveSyntaxTest11":
        assert response.status_code == 200, response.text
    else:
        assert response.status_code == 400, response.text


def _load(http, store, path, method: str, graph: dict[str, str]) -> None:
    """A data file sent to the Graph Store endpoint, its terms as written."""
    body = pyoxigraph.serialize(pyoxigraph.parse(path=path, base_iri=path.as_uri()), format=pyoxigraph.RdfFormat.N_TRIPLES)
    response = http.request(method, store.graph_store_url, params=graph, content=body,
                            headers={"Content-Type": BY_NAME["ntriples"].media_type})
    response.raise_for_status()


def test_the_conformance_document_counts_what_the_harness_runs():
    """The summary table of docs/sparql-conformance.md: tests, passes and known differences of each suite."""
    rows = {row[0]: [int(n) for n in row[2:]] for row in (
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in CONFORMANCE_DOC.read_text(encoding="utf-8").splitlines() if line.startswith("| query ")
        or line.startswith("| protocol ") or line.startswith("| service description ")
    )}
    suites = {
        "query evaluation": [case.id for case in CASES if case.kind == "QueryEvaluationTest"],
        "query syntax": [case.id for case in CASES if case.kind != "QueryEvaluationTest"],
        "protocol": [case.id for case in protocol_cases()],
        "service description": service_description_cases(),
    }
    for suite, ids in suites.items():
        differences = len(set(ids) & set(DIFFERENCES))
        assert rows[suite] == [len(ids), len(ids) - differences, differences], suite
    assert set(DIFFERENCES) <= {test for ids in suites.values() for test in ids}, "a known difference names no test"
