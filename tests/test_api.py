"""The HTTP service over a real Oxigraph holding the published seed minutes."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from rdflib import OWL, RDF, XSD, Graph, Literal, URIRef

from api import create_app
from api.representations import HTML, OFFERED
from converters import Source
from openminutes.formats import BY_MEDIA_TYPE, TRIPLE_FORMATS
from openminutes.publish import publish
from openminutes.settings import Settings
from openminutes.store import Store
from openminutes.vocab import OM, Iris

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
COUNCIL = "Lancashire County Council"
BODY = "Cabinet Committee on Performance Improvement"
COUNT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def published(oxigraph, seed_path, iris) -> Store:
    oxigraph.store.update("DROP ALL")
    publish(oxigraph.store, Source.from_path(seed_path), iris)
    return oxigraph.store


@pytest.fixture(scope="module")
def client(published, iris) -> TestClient:
    return TestClient(create_app(Settings(base_iri=iris.base), published))


@pytest.fixture(scope="module")
def meeting(iris) -> URIRef:
    return iris.meeting(COUNCIL, BODY, "2018-10-04")


def doc(iris: Iris, iri: str) -> str:
    return iris.doc_path(iri)


def get(client: TestClient, path: str, accept: str | None = None):
    return client.get(path, headers={"Accept": accept} if accept else {}, follow_redirects=False)


def parse(response, media_type: str) -> Graph:
    return Graph().parse(data=response.content, format=BY_MEDIA_TYPE[media_type].rdflib)


class Page(HTMLParser):
    """The links and ids of an HTML page, and the text of each list item and table row."""

    def __init__(self, html: str):
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.blocks: list[str] = []
        self._open: list[list[str]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if "id" in dict(attrs):
            self.ids.add(dict(attrs)["id"])
        if tag == "a":
            self.hrefs.append(dict(attrs)["href"])
        if tag in ("li", "tr"):
            self._open.append([])

    def handle_endtag(self, tag):
        if tag in ("li", "tr") and self._open:
            self.blocks.append(" ".join("".join(self._open.pop()).split()))

    def handle_data(self, data):
        for block in self._open:
            block.append(data)

    def block_with(self, text: str) -> str:
        return next(b for b in self.blocks if text in b)


# Resources and their documents


def test_a_resource_iri_redirects_to_its_document(client, iris, meeting):
    response = get(client, meeting.removeprefix(iris.base.rstrip("/")))
    assert response.status_code == 303
    assert response.headers["location"] == iris.base + doc(iris, meeting).lstrip("/")


@pytest.mark.parametrize("rdf_format", TRIPLE_FORMATS, ids=lambda f: f.name)
def test_a_meeting_is_served_in_every_rdf_format_asked_for(client, iris, meeting, rdf_format):
    response = get(client, doc(iris, meeting), rdf_format.media_type)
    assert response.status_code == 200
    assert response.headers["content-type"].partition(";")[0] == rdf_format.media_type
    assert "Accept" in response.headers["vary"]
    assert response.headers["content-location"] == f"{iris.base}{doc(iris, meeting)[1:]}.{rdf_format.extension}"
    graph = parse(response, rdf_format.media_type)
    assert (meeting, OM.date, Literal("2018-10-04", datatype=XSD.date)) in graph
    assert (meeting, OM.body, iris.body(COUNCIL, BODY)) in graph


def test_text_formats_say_they_are_utf8(client, iris, meeting):
    assert get(client, doc(iris, meeting), "text/turtle").headers["content-type"] == "text/turtle; charset=utf-8"


def test_a_meeting_document_holds_its_parts_and_names_what_they_link_to(client, iris, meeting):
    graph = parse(get(client, doc(iris, meeting), "text/turtle"), "text/turtle")
    item = iris.item(meeting, "4")
    chair = iris.person(COUNCIL, "Geoff Driver")
    assert (item, OM.meeting, meeting) in graph
    assert (item, OM.minutesText, None) in graph
    assert (None, OM.item, item) in graph  # the report and resolution under it
    attendance = next(graph.subjects(OM.person, chair))
    assert (attendance, OM.meetingRole, OM.Chair) in graph
    assert (chair, OM.name, Literal("Geoff Driver")) in graph
    assert (iris.council(COUNCIL), OM.name, Literal(COUNCIL)) in graph


def test_a_body_document_lists_the_meetings_that_link_to_it(client, iris, meeting):
    body = iris.body(COUNCIL, BODY)
    graph = parse(get(client, doc(iris, body), "application/n-triples"), "application/n-triples")
    assert (meeting, OM.body, body) in graph
    assert (meeting, OM.date, Literal("2018-10-04", datatype=XSD.date)) in graph


@pytest.mark.parametrize("media_type", OFFERED)
def test_an_extension_picks_the_format_whatever_the_accept_header(client, iris, meeting, media_type):
    extension = next(e for e, m in {**{f.extension: f.media_type for f in TRIPLE_FORMATS}, "html": HTML}.items()
                     if m == media_type)
    response = get(client, f"{doc(iris, meeting)}.{extension}", "image/png")
    assert response.status_code == 200
    assert response.headers["content-type"].partition(";")[0] == media_type
    if media_type != HTML:
        assert (meeting, OM.body, None) in parse(response, media_type)


def test_any_type_gets_turtle_and_a_browser_gets_html(client, iris, meeting):
    assert get(client, doc(iris, meeting), "*/*").headers["content-type"].startswith("text/turtle")
    assert get(client, doc(iris, meeting), BROWSER).headers["content-type"].startswith("text/html")


def test_any_web_page_may_read_the_data(client, iris, meeting):
    response = client.get(doc(iris, meeting), headers={"Accept": "text/turtle", "Origin": "https://elsewhere.example"})
    assert response.headers["access-control-allow-origin"] == "*"


def test_an_unknown_resource_is_404_as_html_for_browsers_and_text_otherwise(client):
    browser = get(client, "/doc/meeting/nowhere/nobody/2018-01-01", BROWSER)
    assert browser.status_code == 404
    assert browser.headers["content-type"].startswith("text/html")
    other = get(client, "/doc/meeting/nowhere/nobody/2018-01-01", "text/turtle")
    assert other.status_code == 404
    assert other.headers["content-type"].startswith("text/plain")
    assert "Content-Location" not in other.headers


def test_characters_no_iri_may_hold_are_404_not_an_error(client):
    assert get(client, "/doc/x%3E%20%3Fp%20%3Fo%20%7D%20%23", "text/turtle").status_code == 404


def test_an_unsatisfiable_accept_is_406_listing_what_is_offered(client, iris, meeting):
    response = get(client, doc(iris, meeting), "image/png, text/turtle;q=0")
    assert response.status_code == 406
    assert "Accept" in response.headers["vary"]
    assert [line.strip() for line in response.text.splitlines()[1:] if line.strip()] == list(OFFERED)


def test_a_malformed_accept_is_400_saying_why(client, iris, meeting):
    response = get(client, doc(iris, meeting), "text/turtle;q=1.5")
    assert response.status_code == 400
    assert "Malformed Accept header" in response.text and "q=1.5" in response.text


# Pages


def test_the_meeting_page_links_body_council_people_and_items(client, iris, meeting):
    response = get(client, doc(iris, meeting), BROWSER)
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = Page(response.text)
    expected = [
        iris.body(COUNCIL, BODY), iris.council(COUNCIL), iris.person(COUNCIL, "Geoff Driver"),
        iris.person(COUNCIL, "Albert Atkinson"), iris.person(COUNCIL, "Paul Bond"), iris.item(meeting, "4"),
    ]
    for iri in expected:
        assert doc(iris, iri) in page.hrefs, iri
    assert "(chair)" in page.block_with("Geoff Driver")
    assert "substitute for Albert Atkinson" in page.block_with("Barrie Yates")
    assert "Head of Legal and Democratic Services" in page.block_with("Paul Bond")


def test_every_link_on_the_meeting_page_leads_somewhere(client, iris, meeting):
    page = Page(get(client, doc(iris, meeting), BROWSER).text)
    ours = sorted({href.partition("#")[0] for href in page.hrefs if href.startswith("/")})
    assert len(ours) > 20
    for href in ours:
        assert get(client, href, BROWSER).status_code == 200, href


def test_a_person_page_lists_their_meetings_with_their_status(client, iris, meeting):
    page = Page(get(client, doc(iris, iris.person(COUNCIL, "Geoff Driver")), BROWSER).text)
    assert doc(iris, meeting) in page.hrefs
    assert "present (chair)" in page.block_with("4 October 2018")


def test_other_resources_get_a_table_of_properties_and_inbound_links(client, iris, meeting):
    body = iris.body(COUNCIL, BODY)
    page = Page(get(client, doc(iris, body), BROWSER).text)
    assert doc(iris, iris.council(COUNCIL)) in page.hrefs
    assert doc(iris, meeting) in page.hrefs


def test_the_home_page_lists_meetings_and_links_the_endpoint_and_ontology(client, iris, meeting):
    page = Page(get(client, "/", BROWSER).text)
    assert doc(iris, meeting) in page.hrefs
    assert {"/sparql", "/ns"} <= set(page.hrefs)


# SPARQL

SELECT_MEETINGS = f"SELECT ?m ?date WHERE {{ ?m a <{OM.Meeting}> ; <{OM.date}> ?date ; <{OM.recordedIn}> ?d }}"


def test_select_answers_in_json_by_default(client, meeting):
    response = client.get("/sparql", params={"query": SELECT_MEETINGS})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    bindings = json.loads(response.content)["results"]["bindings"]
    assert [(b["m"]["value"], b["date"]["value"]) for b in bindings] == [(str(meeting), "2018-10-04")]


def test_select_answers_in_csv_when_asked(client, meeting):
    response = client.get("/sparql", params={"query": SELECT_MEETINGS}, headers={"Accept": "text/csv"})
    assert response.headers["content-type"].startswith("text/csv")
    assert list(csv.DictReader(io.StringIO(response.text))) == [{"m": str(meeting), "date": "2018-10-04"}]


def test_ask_by_post_form(client, meeting):
    response = client.post("/sparql", data={"query": f"ASK {{ <{meeting}> a <{OM.Meeting}> }}"})
    assert json.loads(response.content)["boolean"] is True


def test_construct_by_post_body_as_turtle(client, meeting):
    response = client.post(
        "/sparql", content=f"CONSTRUCT WHERE {{ <{meeting}> <{OM.date}> ?date }}",
        headers={"Content-Type": "application/sparql-query", "Accept": "text/turtle"},
    )
    assert response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    assert set(graph) == {(meeting, OM.date, Literal("2018-10-04", datatype=XSD.date))}


def test_a_syntax_error_is_400_with_the_parsers_message(client):
    response = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p }"})
    assert response.status_code == 400
    assert response.text.startswith("SPARQL syntax error: Expected")
    assert "line:1" in response.text


def test_an_update_is_refused_and_changes_nothing(client, published):
    before = published.select(COUNT_TRIPLES)
    response = client.post("/sparql", data={"query": "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"})
    assert response.status_code == 400
    assert "queries only" in response.text and "INSERT DATA" in response.text
    assert published.select(COUNT_TRIPLES) == before
    assert not published.ask("ASK { <urn:x:a> ?p ?o }")


@pytest.mark.parametrize("query", ["LOAD <http://example.org/data.ttl>", "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"])
def test_load_and_service_are_refused(client, query):
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 400
    assert ("LOAD" in response.text) or ("SERVICE" in response.text)


def test_a_missing_query_is_400(client):
    assert client.get("/sparql").status_code == 400
    assert client.post("/sparql", data={"default": "nothing"}).status_code == 400


def test_a_browser_gets_a_query_form_and_results_as_a_table(client, iris, meeting):
    assert "query" in Page(client.get("/sparql", headers={"Accept": BROWSER}).text).ids  # the form
    page = Page(client.get("/sparql", params={"query": SELECT_MEETINGS}, headers={"Accept": BROWSER}).text)
    assert page.hrefs.count(doc(iris, meeting)) == 1


def test_a_store_that_is_down_is_503(iris):
    down = Store.oxigraph("http://127.0.0.1:9", timeout=1)
    client = TestClient(create_app(Settings(base_iri=iris.base), down))
    assert get(client, "/doc/anything", "text/turtle").status_code == 503
    assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 503


# The ontology


def test_the_ontology_is_served_as_turtle_and_as_a_page(client):
    graph = parse(get(client, "/ns", "text/turtle"), "text/turtle")
    assert (OM.Meeting, RDF.type, OWL.Class) in graph
    assert (OM.body, RDF.type, OWL.ObjectProperty) in graph
    page = Page(get(client, "/ns.html").text)
    assert {"Meeting", "attendanceStatus", "Chair"} <= page.ids
    assert get(client, "/ns.jsonld").headers["content-type"] == "application/ld+json"
