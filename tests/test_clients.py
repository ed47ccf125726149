"""Clients of other people's making, pointed at a real server as an open-data consumer would:
SPARQLWrapper and rdflib's SPARQLStore query the endpoint, rapper (raptor2) parses every RDF
format served at every kind of address that serves RDF, and Comunica runs a competency question
against the endpoint. Each answer is compared with what the store itself holds."""

from __future__ import annotations

import gzip
import io
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from xml.dom.minidom import Document, Element

import httpx
import pytest
from fastapi import FastAPI
from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result
from SPARQLWrapper import CSV, GET, JSON, POST, POSTDIRECTLY, RDFXML, TSV, TURTLE, URLENCODED, XML, SPARQLWrapper
from starlette.routing import Match

from api import create_app
from converters import Source
from openminutes.formats import RDF_FORMATS, RESULTS_JSON, RdfFormat, for_path
from openminutes.publish import publish
from openminutes.settings import Settings
from openminutes.store import Store, bindings
from openminutes.vocab import OM, Iris
from servers import free_port, serving

ROOT = Path(__file__).resolve().parents[1]
MEETINGS = (ROOT / "ontology" / "competency" / "meetings.rq").read_text()
ITEMS = (ROOT / "ontology" / "competency" / "items.rq").read_text()
COMUNICA = ROOT / "tests" / "clients" / "node_modules" / ".bin" / "comunica-sparql"
RAPPER = shutil.which("rapper")
# raptor's parser for each of our formats; it has none for JSON-LD, which the pyld tests read instead.
RAPPER_PARSERS = {"turtle": "turtle", "rdfxml": "rdfxml", "ntriples": "ntriples", "nquads": "nquads", "trig": "trig"}
PARSED_BY_RAPPER = tuple(f for f in RDF_FORMATS if f.name in RAPPER_PARSERS)
DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})\.txt$")

needs_rapper = pytest.mark.skipif(RAPPER is None, reason="rapper is not installed (Debian package raptor2-utils)")


@dataclass(frozen=True)
class Service:
    app: FastAPI
    base: str
    store: Store
    dates: frozenset[str]  # of the meetings published, as their files name them

    @property
    def endpoint(self) -> str:
        return self.base + "sparql"

    def serves(self, path: str) -> bool:
        """Whether the app has a route for ``path``."""
        scope = {"type": "http", "method": "GET", "path": path, "root_path": "", "query_string": b"", "headers": []}
        return any(route.matches(scope)[0] != Match.NONE for route in self.app.routes)

    def meeting(self) -> URIRef:
        """A meeting the minutes record (not one they only announce)."""
        return self.store.select(MEETINGS)[0]["meeting"]

    def one(self, kind: URIRef) -> URIRef:
        return self.store.select(f"SELECT ?x WHERE {{ ?x a {kind.n3()} }} ORDER BY ?x LIMIT 1")[0]["x"]


@pytest.fixture(scope="module")
def service(tmp_path_factory, seed_path) -> Service:
    """A real uvicorn server over its own Oxigraph store, holding our samples and the seed
    minutes, with IRIs minted under its own address so that they dereference."""
    settings = Settings(port=free_port(), data_dir=tmp_path_factory.mktemp("clients"))
    app = create_app(settings)
    with serving(app, settings.port):
        iris = Iris(settings.base)
        paths = [*sorted((ROOT / "samples").glob("*.txt")), seed_path]
        for path in paths:
            publish(app.state.store, Source.from_path(path), iris)
        dates = frozenset(DATE_IN_NAME.search(path.name).group(1) for path in paths)
        yield Service(app, settings.base, app.state.store, dates)


# SPARQLWrapper


def _wrapper(service: Service, query: str, return_format: str, method: str, request_method: str) -> SPARQLWrapper:
    wrapper = SPARQLWrapper(service.endpoint)
    wrapper.setQuery(query)
    wrapper.setReturnFormat(return_format)
    wrapper.setMethod(method)
    wrapper.setRequestMethod(request_method)
    return wrapper


HOW_SENT = {
    "GET": (GET, URLENCODED),
    "POST-form": (POST, URLENCODED),
    "POST-query": (POST, POSTDIRECTLY),
}


@pytest.mark.parametrize("how", HOW_SENT)
def test_sparqlwrapper_selects_the_meetings_as_json(service, how):
    results = _wrapper(service, MEETINGS, JSON, *HOW_SENT[how]).query().convert()

    rows = bindings(results)
    assert rows == service.store.select(MEETINGS)
    assert {str(row["date"]) for row in rows} == service.dates


@pytest.mark.parametrize("how", HOW_SENT)
def test_sparqlwrapper_selects_the_meetings_as_xml(service, how):
    results = _wrapper(service, MEETINGS, XML, *HOW_SENT[how]).query().convert()

    assert isinstance(results, Document)
    assert _xml_rows(results) == service.store.select(MEETINGS)


def _xml_rows(results: Document) -> list[dict]:
    """The solutions of a SPARQL Query Results XML document as rdflib terms."""
    rows = []
    for result in results.getElementsByTagName("result"):
        row = {}
        for binding in result.getElementsByTagName("binding"):
            value: Element = next(n for n in binding.childNodes if n.nodeType == n.ELEMENT_NODE)
            text = "".join(n.data for n in value.childNodes if n.nodeType == n.TEXT_NODE)
            if value.tagName == "uri":
                row[binding.getAttribute("name")] = URIRef(text)
            else:
                assert value.tagName == "literal", value.toxml()
                row[binding.getAttribute("name")] = Literal(
                    text, lang=value.getAttribute("xml:lang") or None, datatype=value.getAttribute("datatype") or None
                )
        rows.append(row)
    return rows


# SPARQLWrapper names the format in the query string too, twice where its name is not a media type
# (format=tsv&format=text/tab-separated-values): a regression test that the endpoint accepts it.
@pytest.mark.parametrize("how", HOW_SENT)
@pytest.mark.parametrize("return_format", [CSV, TSV])
def test_sparqlwrapper_selects_the_meetings_as_csv_and_tsv(service, how, return_format):
    text = _wrapper(service, MEETINGS, return_format, *HOW_SENT[how]).query().convert()

    rows = [row.asdict() for row in Result.parse(io.BytesIO(text), format=return_format)]
    expected = service.store.select(MEETINGS)
    if return_format == CSV:  # which keeps no datatypes
        rows, expected = ([{name: str(term) for name, term in row.items()} for row in x] for x in (rows, expected))
    assert rows == expected


@pytest.mark.parametrize("how", HOW_SENT)
def test_sparqlwrapper_asks(service, how):
    meeting = service.meeting()

    def ask(query: str) -> bool:
        return _wrapper(service, query, JSON, *HOW_SENT[how]).query().convert()["boolean"]

    assert ask(f"ASK {{ {meeting.n3()} a {OM.Meeting.n3()} }}") is True
    assert ask(f"ASK {{ {meeting.n3()} a {OM.Person.n3()} }}") is False


@pytest.mark.parametrize("how", HOW_SENT)
@pytest.mark.parametrize("return_format", [TURTLE, RDFXML])
def test_sparqlwrapper_constructs(service, how, return_format):
    meeting = service.meeting()
    query = f"CONSTRUCT WHERE {{ {meeting.n3()} ?p ?o }}"

    converted = _wrapper(service, query, return_format, *HOW_SENT[how]).query().convert()

    # SPARQLWrapper parses RDF/XML into a Graph itself, and hands back Turtle as bytes.
    graph = converted if return_format == RDFXML else Graph().parse(data=converted, format="turtle")
    expected = service.store.construct(query)
    assert len(expected) > 5
    assert set(graph) == set(expected)


# rdflib's SPARQLStore


@pytest.mark.parametrize("method, return_format", [("GET", "xml"), ("POST", "json"), ("POST_FORM", "xml")])
def test_a_graph_over_sparqlstore_answers_queries_and_triple_lookups(service, method, return_format):
    # The default graph is the union of the documents' graphs: no graph to name, so not context-aware.
    graph = Graph(store=SPARQLStore(service.endpoint, method=method, returnFormat=return_format, context_aware=False))
    meeting = service.meeting()

    rows = [row.asdict() for row in graph.query(MEETINGS)]
    dates = set(graph.objects(meeting, OM.date))
    meetings = set(graph.subjects(RDF.type, OM.Meeting))

    assert rows == service.store.select(MEETINGS)
    assert len(dates) == 1 and str(dates.pop()) in service.dates
    assert meetings == {row["x"] for row in service.store.select(f"SELECT ?x WHERE {{ ?x a {OM.Meeting.n3()} }}")}
    assert meetings > {row["meeting"] for row in rows}  # and the meetings they announce
    assert (meeting, RDF.type, OM.Meeting) in graph
    assert (meeting, RDF.type, OM.Person) not in graph


# rapper parses every RDF format we serve, at every kind of address that serves RDF


def _sparql_construct(service: Service) -> str:
    query = f"CONSTRUCT WHERE {{ ?meeting a {OM.Meeting.n3()} ; ?p ?o }}"
    return str(httpx.URL(service.endpoint, params={"query": query}))


# Each kind of address, and the route that must exist for it (absent routes are skipped).
NEGOTIATED = {
    "meeting": ("/id/", lambda s: s.meeting()),
    "person": ("/id/", lambda s: s.one(OM.Person)),
    "item": ("/id/", lambda s: s.one(OM.AgendaItem)),
    "ontology": ("/ns", lambda s: s.base + "ns"),
    "catalog": ("/catalog", lambda s: s.base + "catalog"),
    "void": ("/.well-known/void", lambda s: s.base + ".well-known/void"),
    "shapes": ("/shapes", lambda s: s.base + "shapes"),
    "sparql-construct": ("/sparql", _sparql_construct),
}
# Quad formats are offered by the SPARQL endpoint only; the other addresses describe one graph.
CASES = [
    pytest.param(kind, rdf_format, id=f"{kind}-{rdf_format.name}")
    for kind in NEGOTIATED
    for rdf_format in PARSED_BY_RAPPER
    if kind == "sparql-construct" or not rdf_format.quads
]


@needs_rapper
@pytest.mark.parametrize("kind, rdf_format", CASES)
def test_rapper_parses_what_is_served(service, kind, rdf_format):
    route, url_of = NEGOTIATED[kind]
    if not service.serves(route):
        pytest.skip(f"the service has no {route} yet")
    response = httpx.get(url_of(service), headers={"Accept": rdf_format.media_type}, follow_redirects=True)
    if response.status_code == 406 and rdf_format.quads:
        pytest.skip(f"{kind} is not served as {rdf_format.media_type}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].partition(";")[0] == rdf_format.media_type

    _assert_rapper_agrees(response.content, rdf_format, str(response.url))


@needs_rapper
@pytest.mark.parametrize("rdf_format", [f for f in PARSED_BY_RAPPER if f.quads], ids=lambda f: f.name)
def test_rapper_parses_the_change_feed(service, rdf_format):
    if not service.serves("/feed"):
        pytest.skip("the service has no change feed yet")
    response = httpx.get(service.base + "feed", headers={"Accept": rdf_format.media_type}, follow_redirects=True)
    assert response.status_code == 200, response.text

    _assert_rapper_agrees(response.content, rdf_format, str(response.url))


@needs_rapper
def test_rapper_parses_the_dumps_the_catalogue_lists(service):
    if not (service.serves("/catalog") and service.serves("/dumps/")):
        pytest.skip("the service has no catalogue of dumps yet")
    catalog = Graph().parse(data=httpx.get(service.base + "catalog.ttl").text, format="turtle")
    downloads = sorted(str(url) for url in catalog.objects(None, DCAT.downloadURL))
    assert downloads

    for url in downloads:
        response = httpx.get(url)
        assert response.status_code == 200, (url, response.text)
        rdf_format = for_path(urlsplit(url).path.removesuffix(".gz"))
        assert rdf_format is not None and rdf_format.name in RAPPER_PARSERS, url
        _assert_rapper_agrees(gzip.decompress(response.content), rdf_format, url)


def _assert_rapper_agrees(body: bytes, rdf_format: RdfFormat, base: str) -> None:
    """rapper reads ``body`` without complaint, finding as many statements as rdflib does."""
    output = "nquads" if rdf_format.quads else "ntriples"
    parsed = subprocess.run(
        [RAPPER, "--quiet", "-i", RAPPER_PARSERS[rdf_format.name], "-o", output, "-", base],
        input=body, capture_output=True, timeout=60,
    )
    assert parsed.returncode == 0, parsed.stderr.decode()
    assert not parsed.stderr, parsed.stderr.decode()  # --quiet leaves only warnings and errors
    by_rapper = len(parsed.stdout.decode().splitlines())
    if rdf_format.quads:
        by_rdflib = sum(1 for _ in Dataset().parse(data=body, format=rdf_format.rdflib, publicID=base).quads())
    else:
        by_rdflib = len(Graph().parse(data=body, format=rdf_format.rdflib, publicID=base))
    assert by_rapper == by_rdflib > 0


# Comunica


@pytest.mark.skipif(not COMUNICA.exists(), reason="Comunica is not installed: run npm ci in tests/clients")
# Comunica sends the longer of the two as a POST form, the shorter by GET.
@pytest.mark.parametrize("question", [MEETINGS, ITEMS], ids=["meetings", "items"])
def test_comunica_answers_a_competency_question_as_the_endpoint_does(service, question):
    finished = subprocess.run(
        [str(COMUNICA), f"sparql@{service.endpoint}", "-q", question, "-t", RESULTS_JSON],
        capture_output=True, timeout=120,
    )
    assert finished.returncode == 0, finished.stderr.decode()
    direct = httpx.get(service.endpoint, params={"query": question}, headers={"Accept": RESULTS_JSON})

    rows = bindings(json.loads(finished.stdout))
    assert rows == bindings(direct.json())
    assert rows == service.store.select(question)
