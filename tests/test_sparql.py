"""The SPARQL endpoint at /sparql over a real Oxigraph: the SPARQL 1.1 Protocol, the service
description, the query page, the limits a public endpoint needs, the guard that enforces
them before the engine sees a query, and what happens when the engine dies."""

from __future__ import annotations

import csv
import io
import os
import signal
import socket
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph
import pytest
from fastapi.testclient import TestClient
from rdflib import RDF, RDFS, Dataset, Graph, Literal, Namespace, URIRef

from api import create_app
from api.query_guard import Limits, RefusedQuery, check
from api.sparql_results import TRUNCATED_HEADER
from converters import Source
from openminutes.formats import BY_NAME, RDF_FORMATS, RESULT_FORMATS, RESULTS_JSON
from openminutes.publish import publish
from openminutes.settings import Settings
from openminutes.store import EmbeddedOxigraph, Store, StoreError
from openminutes.vocab import SERVICE, Iris

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "ashcombe-full-council-2025-09-18.txt"
COMPETENCY = Path(__file__).resolve().parents[1] / "ontology" / "competency"
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
EX = Namespace("http://example.org/")
GRAPH_1, GRAPH_2 = EX["graph/1"], EX["graph/2"]
QUERY_BODY = {"Content-Type": "application/sparql-query"}
UNLIMITED = Limits(10**6, 10**6, 10**6)


@pytest.fixture(scope="module")
def store(oxigraph, iris) -> Store:
    """The store holding our sample minutes, and two small graphs for the dataset tests."""
    oxigraph.store.update("DROP ALL")
    publish(oxigraph.store, Source.from_path(SAMPLE), iris)
    for name, value in ((GRAPH_1, "one"), (GRAPH_2, "two")):
        graph = Graph()
        graph.add((EX.thing, EX.value, Literal(value)))
        graph.add((EX.thing, EX.in_graph, name))
        oxigraph.store.put_graph(name, graph)
    return oxigraph.store


@pytest.fixture(scope="module")
def client(store, iris) -> TestClient:
    return TestClient(create_app(Settings(base_iri=iris.base), store))


def app_client(store: Store, iris: Iris, **settings) -> TestClient:
    return TestClient(create_app(Settings(base_iri=iris.base, **settings), store))


def bindings(response) -> list[dict[str, str]]:
    """The solutions of a SPARQL JSON results answer, each as variable → value."""
    assert response.status_code == 200, response.text
    return [{name: value["value"] for name, value in row.items()} for row in response.json()["results"]["bindings"]]


def values(response) -> set[str]:
    return {row["value"] for row in bindings(response)}


VALUES = f"SELECT ?value WHERE {{ <{EX.thing}> <{EX.value}> ?value }}"
CONSTRUCT = f"CONSTRUCT WHERE {{ <{EX.thing}> <{EX.value}> ?value }}"
EXPECTED_GRAPH = {(EX.thing, EX.value, Literal("one")), (EX.thing, EX.value, Literal("two"))}


class Page(HTMLParser):
    """What a page shows: its links, table rows, form fields and alerts, and the addresses
    of everything it loads."""

    def __init__(self, html: str):
        super().__init__()
        self.links: list[tuple[str, str]] = []  # (href, text)
        self.rows: list[list[str]] = []
        self.textareas: dict[str, str] = {}
        self.alerts: list[str] = []
        self.loads: list[str] = []
        self._open: list[tuple[str, dict, list[str]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe") and "src" in attrs:
            self.loads.append(attrs["src"])
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.loads.append(attrs["href"])
        if tag == "tr":
            self.rows.append([])
        if tag in ("a", "td", "th", "textarea") or attrs.get("role") == "alert":
            self._open.append((tag, attrs, []))

    def handle_endtag(self, tag):
        if not self._open or self._open[-1][0] != tag:
            return
        _, attrs, texts = self._open.pop()
        text = "".join(texts)
        if attrs.get("role") == "alert":
            self.alerts.append(text.strip())
        elif tag == "a":
            self.links.append((attrs["href"], text.strip()))
        elif tag in ("td", "th"):
            self.rows[-1].append(" ".join(text.split()))
        else:
            self.textareas[attrs["name"]] = text

    def handle_data(self, data):
        for _, _, texts in self._open:
            texts.append(data)

    def hrefs(self) -> list[str]:
        return [href for href, _ in self.links]


class Listener:
    """A real TCP server on the loopback that counts who connects to it, and answers nothing."""

    def __init__(self):
        self._socket = socket.create_server(("127.0.0.1", 0))
        self._socket.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}/sparql"
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()

    def close(self):
        self._stop.set()
        self._thread.join()
        self._socket.close()


@pytest.fixture
def listener():
    opened = Listener()
    yield opened
    opened.close()


# The SPARQL 1.1 Protocol


def test_a_query_is_answered_alike_by_get_by_form_post_and_by_direct_post(client):
    by_get = client.get("/sparql", params={"query": VALUES})
    by_form = client.post("/sparql", data={"query": VALUES})
    by_body = client.post("/sparql", content=VALUES, headers=QUERY_BODY)

    assert values(by_get) == values(by_form) == values(by_body) == {"one", "two"}


def test_without_dataset_parameters_the_default_graph_is_the_union_of_the_documents(client, store):
    assert values(client.get("/sparql", params={"query": VALUES})) == {"one", "two"}
    graphs = bindings(client.get("/sparql", params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g {} }"}))
    assert {row["g"] for row in graphs} == {str(g) for g in store.graphs()}


def test_default_graph_uri_makes_the_default_graph(client):
    one = client.get("/sparql", params={"query": VALUES, "default-graph-uri": str(GRAPH_1)})
    both = client.post("/sparql", data={"query": VALUES, "default-graph-uri": [str(GRAPH_1), str(GRAPH_2)]})
    by_body = client.post("/sparql", params={"default-graph-uri": str(GRAPH_2)}, content=VALUES, headers=QUERY_BODY)

    assert values(one) == {"one"}
    assert values(both) == {"one", "two"}
    assert values(by_body) == {"two"}


def test_named_graph_uri_names_the_only_named_graphs_and_leaves_the_default_graph_empty(client):
    query = f"SELECT ?g ?value WHERE {{ GRAPH ?g {{ <{EX.thing}> <{EX.value}> ?value }} }}"

    named = bindings(client.get("/sparql", params={"query": query, "named-graph-uri": str(GRAPH_2)}))
    default = client.get("/sparql", params={"query": VALUES, "named-graph-uri": str(GRAPH_2)})

    assert named == [{"g": str(GRAPH_2), "value": "two"}]
    assert values(default) == set()


@pytest.mark.parametrize("result_format", RESULT_FORMATS, ids=lambda f: f.name)
def test_select_and_ask_answer_in_every_results_format(client, result_format):
    select = client.get("/sparql", params={"query": VALUES}, headers={"Accept": result_format.media_type})
    ask = client.get("/sparql", params={"query": f"ASK {{ ?s <{EX.value}> 'one' }}"},
                     headers={"Accept": result_format.media_type})

    for response in (select, ask):
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].partition(";")[0] == result_format.media_type
    if result_format.name == "csv":  # pyoxigraph reads every other results format but CSV
        assert sorted(row["value"] for row in csv.DictReader(io.StringIO(select.text))) == ["one", "two"]
        assert ask.text.strip() == "true"
        return
    results_format = pyoxigraph.QueryResultsFormat.from_media_type(result_format.media_type)
    assert {s["value"].value for s in pyoxigraph.parse_query_results(select.content, results_format)} == {"one", "two"}
    if result_format.name == "tsv":
        assert ask.text.strip() == "true"
    else:
        assert bool(pyoxigraph.parse_query_results(ask.content, results_format)) is True


@pytest.mark.parametrize("rdf_format", RDF_FORMATS, ids=lambda f: f.name)
def test_construct_and_describe_answer_in_every_rdf_format(client, rdf_format):
    describe = f"DESCRIBE ?s WHERE {{ ?s <{EX.value}> 'one' }}"
    for query, expected in ((CONSTRUCT, EXPECTED_GRAPH), (describe, None)):
        response = client.get("/sparql", params={"query": query}, headers={"Accept": rdf_format.media_type})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].partition(";")[0] == rdf_format.media_type
        parsed = (Dataset() if rdf_format.quads else Graph()).parse(data=response.content, format=rdf_format.rdflib)
        triples = {(s, p, o) for s, p, o, *_ in (parsed.quads() if rdf_format.quads else parsed)}
        if expected is not None:
            assert triples == expected
        else:  # DESCRIBE: the engine's description of the thing, whatever it holds
            assert (EX.thing, EX.value, Literal("one")) in triples


@pytest.mark.parametrize("name, media_type", [(f.name, f.media_type) for f in RESULT_FORMATS])
def test_the_format_parameter_chooses_the_results_format_whatever_the_accept_header(client, name, media_type):
    response = client.get("/sparql", params={"query": VALUES, "format": name}, headers={"Accept": RESULTS_JSON})
    assert response.status_code == 200
    assert response.headers["content-type"].partition(";")[0] == media_type


@pytest.mark.parametrize("name, media_type", [(f.name, f.media_type) for f in RDF_FORMATS])
def test_the_format_parameter_chooses_the_rdf_format_by_form_post_too(client, name, media_type):
    response = client.post("/sparql", data={"query": CONSTRUCT, "format": name}, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"].partition(";")[0] == media_type


@pytest.mark.parametrize("formats, media_type", [
    (["tsv", "text/tab-separated-values"], "text/tab-separated-values"),
    (["rdf+xml", "application/sparql-results+xml"], "application/sparql-results+xml"),
], ids=["name and media type", "unknown name and media type"])
def test_format_parameters_that_agree_are_one_format_as_sparqlwrapper_sends_them(client, formats, media_type):
    response = client.get("/sparql", params=[("query", VALUES), *(("format", f) for f in formats)])
    assert response.headers["content-type"].partition(";")[0] == media_type


def test_format_parameters_that_disagree_are_400(client):
    response = client.get("/sparql", params=[("query", VALUES), ("format", "csv"), ("format", "json")])
    assert response.status_code == 400
    assert "different formats" in response.text


def test_a_format_that_does_not_fit_the_query_is_400_naming_those_that_do(client):
    wrong_form = client.get("/sparql", params={"query": VALUES, "format": "turtle"})
    unknown = client.get("/sparql", params={"query": CONSTRUCT, "format": "pdf"})

    assert wrong_form.status_code == 400
    assert "json, xml, csv, tsv" in wrong_form.text
    assert unknown.status_code == 400
    assert "turtle, jsonld, rdfxml, ntriples, nquads, trig" in unknown.text


def test_negotiation_prefers_the_clients_weights_and_answers_406_when_nothing_fits(client):
    weighted = client.get("/sparql", params={"query": VALUES},
                          headers={"Accept": "text/csv;q=0.5, application/sparql-results+xml"})
    anything = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": "*/*"})
    nothing = client.get("/sparql", params={"query": VALUES}, headers={"Accept": "image/png"})

    assert weighted.headers["content-type"].startswith("application/sparql-results+xml")
    assert anything.headers["content-type"].startswith("text/turtle")
    assert weighted.headers["vary"].startswith("Accept")
    assert nothing.status_code == 406
    assert RESULTS_JSON in nothing.text


def test_head_answers_with_the_headers_of_get_and_no_body(client):
    response = client.head("/sparql", params={"query": VALUES}, headers={"Accept": "text/csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content == b""


@pytest.mark.parametrize("request_kwargs, status", [
    ({"method": "GET", "params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400),
    ({"method": "POST", "params": {"query": "ASK {}"}, "content": "ASK {}", "headers": QUERY_BODY}, 400),
    ({"method": "POST", "content": "ASK {}", "headers": {"Content-Type": "text/plain"}}, 415),
    ({"method": "POST", "content": "query=ASK%20%7B%7D"}, 415),
    ({"method": "POST", "content": "ASK {}".encode("utf-16"),
      "headers": {"Content-Type": "application/sparql-query; charset=UTF-16"}}, 400),
    ({"method": "POST", "content": b"ASK { ?s ?p '\xff' }", "headers": QUERY_BODY}, 400),
    ({"method": "PUT", "params": {"query": "ASK {}"}}, 405),
    ({"method": "POST", "data": {"default": "nothing"}}, 400),
], ids=["two queries", "query twice", "wrong media type", "no media type", "utf-16", "not utf-8", "put",
        "form without query"])
def test_requests_the_protocol_does_not_allow_are_4xx_saying_why(client, request_kwargs, status):
    response = client.request(url="/sparql", **request_kwargs)
    assert response.status_code == status
    assert response.text.strip()


def test_a_query_the_engine_cannot_evaluate_is_500_with_the_engines_message(client):
    response = client.get("/sparql", params={"query": "SELECT (<http://example.org/f>(1) AS ?x) {}"})
    assert response.status_code == 500
    assert "could not answer the query: The custom function <http://example.org/f> is not supported" in response.text


def test_a_syntax_error_is_400_with_the_engines_message(client):
    response = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p }"})
    assert response.status_code == 400
    assert response.text.startswith("SPARQL syntax error: error at 1:")


def test_a_person_gets_a_query_that_cannot_be_answered_back_on_the_page_with_the_reason(client):
    query = "SELECT ?s WHERE { ?s ?p }"
    response = client.get("/sparql", params={"query": query}, headers={"Accept": BROWSER})

    assert response.status_code == 400
    page = Page(response.text)
    assert page.textareas["query"] == query
    assert page.alerts and page.alerts[0].startswith("SPARQL syntax error")


# Updates, LOAD and SERVICE


@pytest.mark.parametrize("request_kwargs", [
    {"method": "POST", "data": {"query": "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"}},
    {"method": "POST", "data": {"update": "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"}},
    {"method": "GET", "params": {"update": "CLEAR ALL"}},
    {"method": "POST", "content": "DELETE WHERE { ?s ?p ?o }", "headers": {"Content-Type": "application/sparql-update"}},
    {"method": "GET", "params": {"query": "LOAD <http://example.org/data.ttl>"}},
    {"method": "GET", "params": {"query": "PREFIX : <http://example.org/> DROP GRAPH :g"}},
], ids=["insert as query", "update field", "update by get", "update body", "load", "drop"])
def test_updates_and_load_are_refused_with_400_before_anything_reaches_the_engine(iris, listener, request_kwargs, tmp_path):
    engine = Store.oxigraph(listener.url, timeout=1, contents=tmp_path)
    response = app_client(engine, iris).request(url="/sparql", **request_kwargs)

    assert response.status_code == 400
    assert "queries only" in response.text
    assert listener.connections == 0


def test_an_update_names_the_operations_refused(client):
    response = client.post("/sparql", data={"query": "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"})
    assert "INSERT DATA" in response.text


SERVICE_SPELLINGS = {
    "plain": "SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "silent, lower case": "SELECT * {{ service silent <{url}> {{ ?s ?p ?o }} }}",
    "variable": "SELECT * {{ VALUES ?endpoint {{ <{url}> }} SERVICE ?endpoint {{ ?s ?p ?o }} }}",
    "in EXISTS": "ASK {{ FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "in CONSTRUCT": "CONSTRUCT WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "after a comment": "SELECT * {{ SERVICE# the endpoint:\n<{url}> {{ ?s ?p ?o }} }}",
    # The engine reads each of these as SERVICE too (measured with Oxigraph 0.5.13):
    "default prefix": "PREFIX : <{url}> SELECT * {{ SERVICE: {{ ?s ?p ?o }} }}",
    "prefix named like it": "PREFIX s: <{url}> SELECT * {{ services:x {{ ?s ?p ?o }} }}",
    "glued to a prefix": "PREFIX foo: <{url}> SELECT * {{ SERVICEfoo:x {{ ?s ?p ?o }} }}",
    "glued to a number": "SELECT * {{ ?s ?p 1SERVICE<{url}>{{}} }}",
}


@pytest.mark.parametrize("spelling", SERVICE_SPELLINGS.values(), ids=SERVICE_SPELLINGS.keys())
def test_no_spelling_of_service_makes_the_engine_fetch_a_url(client, listener, spelling):
    response = client.get("/sparql", params={"query": spelling.format(url=listener.url)})

    assert response.status_code == 400
    assert "SERVICE" in response.text and "does not query other endpoints" in response.text
    time.sleep(0.2)
    assert listener.connections == 0


@pytest.mark.parametrize("spelling", [SERVICE_SPELLINGS["plain"], SERVICE_SPELLINGS["glued to a prefix"]])
def test_the_engine_itself_would_fetch_what_service_names(store, listener, spelling):
    """Why SERVICE is refused, and proof that the listener above would notice."""
    try:
        store.query(spelling.format(url=listener.url), RESULTS_JSON)
    except StoreError:
        pass  # the listener answers nothing, so the engine may fail
    assert listener.connections >= 1


@pytest.mark.parametrize("query", [
    'SELECT * { ?s ?p "SERVICE <http://example.org/> { }" }  # SERVICE',
    "SELECT ?service WHERE { ?service a <http://example.org/service> }",
    "PREFIX ex: <http://example.org/> SELECT * { ?s ex:service ?o }",
])
def test_the_word_service_in_a_string_iri_variable_comment_or_local_name_is_not_refused(client, query):
    assert client.get("/sparql", params={"query": query}).status_code == 200


# Limits


def test_a_runaway_query_ends_in_504_never_a_cut_off_200(tmp_path, iris):
    graph = Graph()
    for i in range(300):
        graph.add((EX[f"s{i}"], EX.p, Literal(i)))
    with EmbeddedOxigraph(tmp_path, timeout=1) as engine:
        engine.store.put_graph(EX.doc, graph)
        client = app_client(engine.store, iris, query_timeout=1)
        for query in ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                      "SELECT ?a (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } GROUP BY ?a"):
            for accept in (RESULTS_JSON, "text/csv", BROWSER):
                response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
                assert response.status_code == 504, response.text[:200]
                assert "longer than the 1 seconds" in response.text


@pytest.fixture(scope="module")
def three_rows(store, iris) -> TestClient:
    return app_client(store, iris, max_result_rows=3)


def test_an_answer_longer_than_the_row_limit_is_cut_there_and_says_so(three_rows):
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    as_json = three_rows.get("/sparql", params={"query": query})
    as_csv = three_rows.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    as_graph = three_rows.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                              headers={"Accept": "application/n-triples"})
    as_page = three_rows.get("/sparql", params={"query": query}, headers={"Accept": BROWSER})

    assert len(bindings(as_json)) == 3
    assert as_json.json()["truncated"] is True
    assert list(as_json.json()) == ["head", "truncated", "results"]  # before the solutions, for streaming parsers
    assert len(list(csv.DictReader(io.StringIO(as_csv.text)))) == 3
    assert len(Graph().parse(data=as_graph.text, format="nt")) == 3
    for response in (as_json, as_csv, as_graph, as_page):
        assert response.headers[TRUNCATED_HEADER] == "true"
    cross_origin = three_rows.get("/sparql", params={"query": query}, headers={"Origin": "https://elsewhere.example"})
    assert TRUNCATED_HEADER in cross_origin.headers["access-control-expose-headers"]
    assert len(Page(as_page.text).rows) == 1 + 3
    assert "more results than this endpoint gives in one answer" in as_page.text


def test_an_answer_within_the_row_limit_says_it_is_whole(three_rows):
    response = three_rows.get("/sparql", params={"query": VALUES})
    assert response.headers[TRUNCATED_HEADER] == "false"
    assert response.json()["truncated"] is False


def nested_groups(depth: int) -> str:
    return "SELECT * " + "{" * depth + " ?s ?p ?o " + "}" * depth


def star(patterns: int) -> str:
    return "SELECT * WHERE { " + " ".join(f"?s <http://example.org/p{i}> ?o{i} ." for i in range(patterns)) + " }"


@pytest.mark.parametrize("query, limit", [
    ("SELECT * WHERE { ?s ?p '" + "x" * 10_000 + "' }", "10027 characters long; this endpoint accepts at most 10000"),
    (nested_groups(3000), "nests brackets more than 32 deep"),  # crashes the engine
    ("SELECT * { FILTER(" + "(" * 40 + "1" + ")" * 40 + ") }", "nests brackets more than 32 deep"),
    (star(200), "200 triple patterns"),  # the engine plans it for seconds, heedless of its timeout
    ("SELECT * { ?s <http://example.org/p> (" + " ?x" * 40 + ") }", "81 triple patterns"),
    ("SELECT * { ?s " + "/".join(["<http://example.org/p>"] * 70) + " ?o }", "70 triple patterns"),
], ids=["length", "nested groups", "nested parentheses", "patterns", "collection", "path"])
def test_a_query_beyond_a_limit_is_refused_before_the_engine_sees_it(iris, listener, query, limit, tmp_path):
    engine = Store.oxigraph(listener.url, timeout=1, contents=tmp_path)
    response = app_client(engine, iris).get("/sparql", params={"query": query})

    assert response.status_code == 400
    assert limit in response.text
    assert listener.connections == 0


@pytest.mark.parametrize("setting, query, refusal", [
    ({"max_query_length": 50}, star(1), "accepts at most 50."),
    ({"max_query_nesting": 2}, nested_groups(3), "accepts at most 2."),
    ({"max_triple_patterns": 1}, star(2), "accepts at most 1 "),
])
def test_the_limits_are_settings(iris, listener, setting, query, refusal, tmp_path):
    client = app_client(Store.oxigraph(listener.url, timeout=1, contents=tmp_path), iris, **setting)
    assert refusal in client.get("/sparql", params={"query": query}).text


# The guard, alone


def patterns(query: str) -> int:
    """The number of triple patterns the guard counts in a query."""
    try:
        check(query, Limits(10**6, 10**6, 0))
    except RefusedQuery as refusal:
        return int(str(refusal).split(" has ")[1].split()[0])
    return 0


@pytest.mark.parametrize("query, count", [
    ("SELECT * { ?s ?p ?o }", 1),
    ("SELECT * { ?s ?p ?o . ?o ?q ?r . }", 2),
    ("SELECT * { ?s ?p ?o ; ?q ?r , ?t , 'x'@en , 1.5 , true }", 6),
    ("SELECT * { ?s a <http://example.org/C> ; ?q [ ?r ?t ; ?u ?v ] }", 4),
    ("SELECT * { ?s ?p ?o FILTER(?o > 1 && regex(str(?o), 'a')) BIND(1 AS ?x) VALUES ?y { 1 2 3 } }", 1),
    ("SELECT * { ?s ?p ?o OPTIONAL { ?o ?q ?r } { ?a ?b ?c } UNION { ?d ?e ?f } MINUS { ?g ?h ?i } }", 5),
    ("SELECT * { ?s ?p ?o FILTER NOT EXISTS { ?o ?q ?r . ?r ?t ?u } }", 3),
    ("SELECT ?s (COUNT(*) AS ?n) WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 5 } } GROUP BY ?s ORDER BY DESC(?n)", 1),
    ("SELECT * { ?s <http://example.org/p>/<http://example.org/q>|^<http://example.org/r> ?o }", 3),
    ("SELECT * { ?s <http://example.org/list> (1 ?x 'three') }", 7),
    ("SELECT * { ?s ?p '1'^^<http://www.w3.org/2001/XMLSchema#integer> }", 1),
    ("CONSTRUCT { ?s ?p ?o . ?o ?p ?s } WHERE { ?s ?p ?o }", 3),
    ("DESCRIBE <http://example.org/thing>", 0),
])
def test_the_guard_counts_triple_patterns(query, count):
    assert patterns(query) == count


@pytest.mark.parametrize("query, depth", [
    ("ASK {}", 1),
    ("SELECT * { { ?s ?p ?o } }", 2),
    ("SELECT * { ?s ?p [ ?q ( 1 2 ) ] }", 3),
    ("SELECT * { FILTER(((1))) }", 4),
])
def test_the_guard_measures_the_nesting_of_every_kind_of_bracket(query, depth):
    check(query, Limits(10**6, depth, 10**6))
    with pytest.raises(RefusedQuery, match=f"more than {depth - 1} deep"):
        check(query, Limits(10**6, depth - 1, 10**6))


@pytest.mark.parametrize("path", sorted(COMPETENCY.glob("*.rq")), ids=lambda p: p.stem)
def test_every_competency_question_passes_the_guard_with_the_default_limits(path):
    settings = Settings()
    limits = Limits(settings.max_query_length, settings.max_query_nesting, settings.max_triple_patterns)
    assert check(path.read_text(encoding="utf-8"), limits) == "SELECT"


@pytest.mark.parametrize("query, form", [
    ("PREFIX select: <http://example.org/> ASK { ?s select:x ?o }", "ASK"),
    ("BASE <http://example.org/> CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("describe <http://example.org/>", "DESCRIBE"),
    ("SELECT * { { SELECT ?s { ?s ?p ?o } } }", "SELECT"),
])
def test_the_guard_tells_the_form_of_a_query(query, form):
    assert check(query, UNLIMITED) == form


def test_the_guard_refuses_what_is_not_a_query_at_all():
    with pytest.raises(RefusedQuery, match="Missing query"):
        check("  \n", UNLIMITED)
    with pytest.raises(RefusedQuery, match="SELECT, ASK, CONSTRUCT or DESCRIBE"):
        check("PREFIX : <http://example.org/>", UNLIMITED)


# The service description


def description(client: TestClient, accept: str = "text/turtle") -> Graph:
    response = client.get("/sparql", headers={"Accept": accept})
    assert response.status_code == 200
    return Graph().parse(data=response.content, format=BY_NAME["turtle"].rdflib)


def test_the_service_description_says_where_what_and_in_which_formats(client, store, iris):
    graph = description(client)
    service = graph.value(None, RDF.type, SD.Service, any=False)

    assert (service, SD.endpoint, URIRef(iris.base + "sparql")) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    formats = {str(f) for f in graph.objects(service, SD.resultFormat)}
    assert formats == {"http://www.w3.org/ns/formats/" + name for name in (
        "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
        "Turtle", "JSON-LD", "RDF_XML", "N-Triples", "N-Quads", "TriG")}
    assert set(graph.objects(service, SD.feature)) == {SD.UnionDefaultGraph}  # and no BasicFederatedQuery


def test_the_service_description_names_the_default_dataset_and_every_document_graph(client, store):
    graph = description(client)
    dataset = graph.value(graph.value(None, RDF.type, SD.Service, any=False), SD.defaultDataset)

    assert (dataset, RDF.type, SD.Dataset) in graph
    default_graph = graph.value(dataset, SD.defaultGraph)
    assert "union" in str(graph.value(default_graph, RDFS.comment))
    named = {graph.value(n, SD.name) for n in graph.objects(dataset, SD.namedGraph)}
    assert named == set(store.graphs())


def test_the_service_description_announces_the_limits_of_the_settings_and_explains_them(store, iris):
    client = app_client(store, iris, query_timeout=7.5, max_result_rows=123, max_query_length=4567,
                        max_query_nesting=8, max_triple_patterns=9)
    graph = description(client)
    service = graph.value(None, RDF.type, SD.Service, any=False)

    assert graph.value(service, SERVICE.queryTimeout).toPython() == 7.5
    assert {term: graph.value(service, SERVICE[term]).toPython() for term in (
        "maxResultRows", "maxQueryLength", "maxQueryNesting", "maxTriplePatterns")} == {
        "maxResultRows": 123, "maxQueryLength": 4567, "maxQueryNesting": 8, "maxTriplePatterns": 9}
    for term in {p for p in graph.predicates(service) if p.startswith(SERVICE)}:
        assert (term, RDF.type, RDF.Property) in graph and graph.value(term, RDFS.comment), term
    assert TRUNCATED_HEADER in str(graph.value(SERVICE.maxResultRows, RDFS.comment))


@pytest.mark.parametrize("accept, media_type", [("*/*", "text/turtle"), (None, "text/turtle"),
                                                ("application/ld+json", "application/ld+json")])
def test_any_client_without_a_query_gets_the_service_description(client, accept, media_type):
    response = client.get("/sparql", headers={"Accept": accept} if accept else {})
    assert response.headers["content-type"].partition(";")[0] == media_type
    assert response.headers["vary"].startswith("Accept")


def test_the_format_parameter_chooses_the_service_descriptions_format(client):
    response = client.get("/sparql", params={"format": "rdfxml"}, headers={"Accept": BROWSER})
    graph = Graph().parse(data=response.content, format="xml")
    assert (None, RDF.type, SD.Service) in graph


# The query page


def competency_titles() -> dict[str, str]:
    """Title (the comment a competency question opens with) → query."""
    titles = {}
    for path in sorted(COMPETENCY.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        comment = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            comment.append(line.lstrip("# ").strip())
        titles[" ".join(comment)] = text
    return titles


def test_a_browser_gets_a_query_box_and_every_competency_question_as_an_example(client):
    page = Page(client.get("/sparql", headers={"Accept": BROWSER}).text)

    assert "query" in page.textareas
    examples = {text: parse_qs(urlsplit(href).query)["query"][0] for href, text in page.links
                if href.startswith("/sparql?query=")}
    assert examples == competency_titles()


def test_an_example_runs_its_query_and_shows_a_table_that_links_our_iris_to_their_pages(client, iris):
    page = Page(client.get("/sparql", headers={"Accept": BROWSER}).text)
    meetings = next(href for href, text in page.links if text.startswith("Which meetings"))

    result = Page(client.get(meetings, headers={"Accept": BROWSER}).text)

    header, *rows = result.rows
    assert header == ["meeting", "councilName", "bodyName", "date", "startTime", "venue"]
    assert rows and all(row[1] == "Ashcombe Borough Council" for row in rows)
    pages = [href for href in result.hrefs() if href.startswith("/doc/meeting/")]
    assert len(pages) == len(rows)
    assert all(client.get(href, headers={"Accept": BROWSER}).status_code == 200 for href in pages)


def test_a_graph_is_shown_as_a_table_of_triples(client):
    page = Page(client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": BROWSER}).text)
    assert page.rows[0] == ["subject", "predicate", "object"]
    assert sorted(row[2] for row in page.rows[1:]) == ["one", "two"]


def test_a_select_of_no_variables_is_shown_as_its_one_empty_solution(client):
    response = client.get("/sparql", params={"query": "SELECT * {}", "format": "html"})
    assert response.status_code == 200
    assert Page(response.text).rows == [[], []]  # the header, and the solution


def test_an_ask_is_shown_as_yes_or_no(client):
    response = client.get("/sparql", params={"query": "ASK { ?s ?p 'one' }", "format": "html"})
    assert "Yes." in response.text


def test_the_query_page_fetches_nothing_from_elsewhere(client):
    for response in (client.get("/sparql", headers={"Accept": BROWSER}),
                     client.get("/sparql", params={"query": VALUES}, headers={"Accept": BROWSER})):
        loads = Page(response.text).loads
        assert loads and all(urlsplit(address).netloc == "" for address in loads), loads


# Open to every web page


def test_any_web_page_may_query_and_read_the_truncation_signal(client):
    origin = {"Origin": "https://example.net"}
    simple = client.get("/sparql", params={"query": VALUES}, headers=origin)
    preflight = client.options("/sparql", headers={**origin, "Access-Control-Request-Method": "POST",
                                                   "Access-Control-Request-Headers": "content-type"})

    assert simple.headers["access-control-allow-origin"] == "*"
    assert TRUNCATED_HEADER in simple.headers["access-control-expose-headers"]
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert preflight.headers["access-control-allow-origin"] == "*"


# When the engine dies


def test_a_dead_engine_is_started_again_and_the_next_query_answered(tmp_path, iris):
    with EmbeddedOxigraph(tmp_path, timeout=5) as engine:
        graph = Graph()
        graph.add((EX.thing, EX.value, Literal("kept")))
        engine.store.put_graph(GRAPH_1, graph)
        client = app_client(engine.store, iris)
        first_pid = engine.process.pid

        os.kill(first_pid, signal.SIGKILL)
        engine.process.wait()
        first = client.get("/sparql", params={"query": VALUES})
        answers = [first] if first.status_code == 200 else [first, client.get("/sparql", params={"query": VALUES})]

        assert first.status_code in (200, 503)
        assert values(answers[-1]) == {"kept"}
        assert engine.process.pid != first_pid
