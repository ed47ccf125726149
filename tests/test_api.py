"""The HTTP service over a real Oxigraph holding the published seed minutes."""

from __future__ import annotations

import json
import re
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime, parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pyld import jsonld
from rdflib import OWL, RDF, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV

from api import create_app
from api.representations import HTML, OFFERED, extension
from converters import Source
from openminutes import changes
from openminutes.formats import BY_MEDIA_TYPE, TRIPLE_FORMATS
from openminutes.publish import publish
from openminutes.settings import Settings
from openminutes.store import EmbeddedOxigraph, Store
from openminutes.vocab import OA, OM, Iris

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
COUNCIL = "Lancashire County Council"
BODY = "Cabinet Committee on Performance Improvement"
JSON_LD = "application/ld+json"
ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
ONTOLOGY = ROOT / "ontology" / "openminutes.ttl"


@pytest.fixture(scope="module")
def published(oxigraph, seed_path, iris) -> Store:
    oxigraph.store.update("DROP ALL")
    publish(oxigraph.store, Source.from_path(seed_path), iris)
    next_second()  # Last-Modified is only sent once its second is over
    return oxigraph.store


def next_second() -> None:
    time.sleep(1.01 - datetime.now().microsecond / 1_000_000)


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


def parse(response, media_type: str, client: TestClient | None = None) -> Graph:
    """The graph a response holds; JSON-LD that names its context by URL is read with the
    context that URL serves (fetched with ``client``)."""
    data = response.content
    if media_type == JSON_LD and isinstance(context := json.loads(data)["@context"], str):
        served = client.get(context, headers={"Accept": JSON_LD})
        assert served.status_code == 200, context
        data = json.dumps({**json.loads(data), "@context": served.json()["@context"]})
    return Graph().parse(data=data, format=BY_MEDIA_TYPE[media_type].rdflib)


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
    graph = parse(response, rdf_format.media_type, client)
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
        assert (meeting, OM.body, None) in parse(response, media_type, client)


def test_any_type_gets_turtle_and_a_browser_gets_html(client, iris, meeting):
    assert get(client, doc(iris, meeting), "*/*").headers["content-type"].startswith("text/turtle")
    assert get(client, doc(iris, meeting), BROWSER).headers["content-type"].startswith("text/html")


def test_any_web_page_may_read_the_data(client, iris, meeting):
    response = client.get(doc(iris, meeting), headers={"Accept": "text/turtle", "Origin": "https://elsewhere.example"})
    assert response.headers["access-control-allow-origin"] == "*"
    exposed = {h.strip().lower() for h in response.headers["access-control-expose-headers"].split(",")}
    assert {"etag", "last-modified", "link", "content-location"} <= exposed


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


# Linked Data: alternates, validators and conditional requests, JSON-LD


def link_header(response) -> dict[str, set[tuple[str, str | None]]]:
    """The Link header as rel → {(target, type)}."""
    found: dict[str, set[tuple[str, str | None]]] = {}
    for target, params in re.findall(r"<([^>]*)>((?:\s*;\s*[^;,]+)*)", response.headers.get("link", "")):
        attributes = dict(re.findall(r';\s*(\w+)="([^"]*)"', params))
        found.setdefault(attributes["rel"], set()).add((target, attributes.get("type")))
    return found


def test_the_redirect_names_the_document_and_may_be_cached(client, iris, meeting):
    response = get(client, meeting.removeprefix(iris.base.rstrip("/")))
    assert response.status_code == 303
    assert link_header(response) == {"describedby": {(response.headers["location"], None)}}
    assert response.headers["cache-control"] == Settings().cache_control


def test_each_representation_names_the_document_and_every_other_representation(client, iris, meeting):
    url = iris.base + doc(iris, meeting)[1:]
    turtle = parse(get(client, doc(iris, meeting), "text/turtle"), "text/turtle")
    for media_type in OFFERED:
        links = link_header(get(client, doc(iris, meeting), media_type))
        assert links["canonical"] == {(url, None)}
        assert links["alternate"] == {(f"{url}.{extension(o)}", o) for o in OFFERED if o != media_type}
    for media_type in OFFERED:
        alternate = get(client, f"{doc(iris, meeting)}.{extension(media_type)}")
        assert alternate.headers["content-type"].partition(";")[0] == media_type
        if media_type != HTML:
            assert same_triples(parse(alternate, media_type, client), turtle)


def same_triples(served: Graph, expected: Graph) -> bool:
    missing, extra = set(expected) - set(served), set(served) - set(expected)
    assert not missing and not extra, f"missing {sorted(missing)[:5]}, extra {sorted(extra)[:5]}"
    return True


def test_the_etag_stays_while_the_data_does_and_differs_between_representations(client, iris, meeting):
    etags = {media_type: get(client, doc(iris, meeting), media_type).headers["etag"] for media_type in OFFERED}
    assert len(set(etags.values())) == len(OFFERED)
    assert all(re.fullmatch(r'"[0-9a-f]{32}"', etag) for etag in etags.values())
    assert {m: get(client, doc(iris, meeting), m).headers["etag"] for m in OFFERED} == etags


@pytest.mark.parametrize("if_none_match", ["{etag}", "W/{etag}", '"other", {etag}', "*"])
def test_if_none_match_with_the_current_etag_is_304_with_the_headers_of_the_200(client, iris, meeting, if_none_match):
    full = get(client, doc(iris, meeting), "text/turtle")
    response = client.get(doc(iris, meeting), headers={
        "Accept": "text/turtle", "If-None-Match": if_none_match.format(etag=full.headers["etag"])})
    assert response.status_code == 304
    assert response.content == b""
    for header in ("etag", "last-modified", "cache-control", "vary", "content-location", "link"):
        assert response.headers[header] == full.headers[header], header


def test_if_none_match_with_another_etag_gets_the_document(client, iris, meeting):
    response = client.get(doc(iris, meeting), headers={"Accept": "text/turtle", "If-None-Match": '"0123", W/"4567"'})
    assert response.status_code == 200 and response.content


def test_last_modified_is_when_the_minutes_were_published(client, published, iris, meeting):
    [version] = changes.versions(published, iris, datetime(2000, 1, 1, tzinfo=timezone.utc), 10)
    for media_type in OFFERED:
        response = get(client, doc(iris, meeting), media_type)
        assert parsedate_to_datetime(response.headers["last-modified"]) == version.time.replace(microsecond=0)


def test_if_modified_since_the_publication_is_304_and_before_it_200(client, iris, meeting):
    modified = parsedate_to_datetime(get(client, doc(iris, meeting), "text/turtle").headers["last-modified"])

    def since(moment: str) -> int:
        return client.get(doc(iris, meeting), headers={"Accept": "text/turtle", "If-Modified-Since": moment}).status_code

    assert since(format_datetime(modified, usegmt=True)) == 304
    assert since(format_datetime(modified + timedelta(days=1), usegmt=True)) == 304
    assert since(format_datetime(modified - timedelta(seconds=1), usegmt=True)) == 200
    assert since("yesterday, probably") == 200


def test_if_none_match_outranks_if_modified_since(client, iris, meeting):
    modified = get(client, doc(iris, meeting), "text/turtle").headers["last-modified"]
    response = client.get(doc(iris, meeting), headers={
        "Accept": "text/turtle", "If-None-Match": '"stale"', "If-Modified-Since": modified})
    assert response.status_code == 200


def test_head_answers_with_the_headers_of_get_and_no_body(client, iris, meeting):
    full = get(client, doc(iris, meeting), "text/turtle")
    head = client.head(doc(iris, meeting), headers={"Accept": "text/turtle"})
    assert head.status_code == 200 and head.content == b""
    for header in ("etag", "last-modified", "cache-control", "link", "content-type"):
        assert head.headers[header] == full.headers[header]


def test_cache_control_is_a_setting(published, iris, meeting):
    client = TestClient(create_app(Settings(base_iri=iris.base, cache_control="no-cache"), published))
    assert get(client, doc(iris, meeting), "text/turtle").headers["cache-control"] == "no-cache"
    assert get(client, "/context.jsonld").headers["cache-control"] == "no-cache"


def test_republished_or_deleted_minutes_move_the_validators_on(tmp_path, iris):
    """A conditional request made with the validators of an earlier state gets the current one."""
    sample = SAMPLES / "brackenford-cabinet-2025-06-03.txt"
    text = sample.read_bytes()
    later = Source(text.replace(b"3rd June, 2025", b"10th June, 2025"), "later.txt")
    with EmbeddedOxigraph(tmp_path, timeout=5) as server:
        client = TestClient(create_app(Settings(base_iri=iris.base), server.store))
        body = doc(iris, iris.body("Brackenford County Council", "Cabinet"))
        publish(server.store, Source(text, sample.name), iris)
        published_later = publish(server.store, later, iris).document
        next_second()

        def state() -> tuple[str, str]:
            response = get(client, body, "text/turtle")
            return response.headers["etag"], response.headers["last-modified"]

        def current(etag: str | None = None, modified: str | None = None) -> bool:
            headers = {"Accept": "text/turtle", **({"If-None-Match": etag} if etag else {}),
                       **({"If-Modified-Since": modified} if modified else {})}
            return client.get(body, headers=headers).status_code == 304

        first = state()
        assert current(first[0]) and current(modified=first[1])
        publish(server.store, Source(text.replace(b"Committee Room 2", b"Committee Room 3"), sample.name), iris)
        next_second()
        second = state()
        assert second[0] != first[0] and parsedate_to_datetime(second[1]) > parsedate_to_datetime(first[1])
        assert not current(first[0]) and not current(modified=first[1]) and current(second[0])
        changes.delete_graph(server.store, iris, published_later)
        next_second()
        third = state()
        assert third[0] != second[0] and parsedate_to_datetime(third[1]) > parsedate_to_datetime(second[1])
        assert not current(second[0]) and not current(modified=second[1])


def test_the_context_is_served_at_a_stable_path(client):
    response = get(client, "/context.jsonld")
    assert response.status_code == 200
    assert response.headers["content-type"] == JSON_LD
    terms = response.json()["@context"]
    assert terms["date"] == {"@id": "om:date", "@type": "xsd:date"}
    assert terms["body"] == {"@id": "om:body", "@type": "@id"}
    assert terms["attendanceStatus"] == {"@id": "om:attendanceStatus", "@type": "@vocab"}
    again = client.get("/context.jsonld", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304


def test_the_context_names_every_term_of_the_ontology(client):
    terms = get(client, "/context.jsonld").json()["@context"]
    prefixes = {name: value for name, value in terms.items() if isinstance(value, str) and value.endswith(("#", "/"))}

    def expand(term: str | dict) -> str:
        iri = term["@id"] if isinstance(term, dict) else term
        prefix, _, local = iri.partition(":")
        return prefixes[prefix] + local if prefix in prefixes else iri

    ours = {expand(term) for name, term in terms.items() if not name.startswith("@") and name not in prefixes}
    ontology = Graph().parse(ONTOLOGY, format="turtle")
    declared = {str(t) for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.Concept)
                for t in ontology.subjects(RDF.type, kind) if str(t).startswith(str(OM))}
    assert declared <= ours


def test_json_ld_reads_naturally(client, iris, meeting):
    served = get(client, doc(iris, meeting), JSON_LD).json()
    assert served["@context"] == iris.base + "context.jsonld"
    first, *others = served["@graph"]
    assert first["id"] == str(meeting) and first["type"] == "Meeting" and first["date"] == "2018-10-04"
    assert first["body"] == str(iris.body(COUNCIL, BODY))
    chair = next(n for n in others if n.get("person") == str(iris.person(COUNCIL, "Geoff Driver")))
    assert chair["type"] == "Attendance" and chair["attendanceStatus"] == "Present" and chair["meetingRole"] == "Chair"
    attendance = {n["id"] for n in others if n.get("type") == "Attendance"}
    assert len(attendance) > 10 and set(first["attendance"]) == attendance
    position = next(n for n in others if n.get("type") == "TextPositionSelector")
    assert isinstance(position["start"], int) and isinstance(position["end"], int)
    item = next(n for n in others if n["id"] == str(iris.item(meeting, "4")))
    assert item["position"] == 4 and item["itemNumber"] == "4"
    terms = get(client, "/context.jsonld").json()["@context"]
    assert {key for node in served["@graph"] for key in node} <= set(terms)  # no key is a bare IRI


@pytest.mark.parametrize("resource", ["meeting", "item", "person", "document"])
def test_json_ld_expands_to_exactly_the_triples_of_the_turtle(client, iris, meeting, resource):
    iri = {"meeting": meeting, "item": iris.item(meeting, "4"), "person": iris.person(COUNCIL, "Geoff Driver"),
           "document": iris.document(meeting)}[resource]

    def load(url: str, options=None) -> dict:
        response = client.get(url, headers={"Accept": JSON_LD})
        assert response.status_code == 200, url
        return {"contextUrl": None, "documentUrl": url, "document": response.json()}

    served = get(client, doc(iris, iri), JSON_LD).json()
    nquads = jsonld.to_rdf(served, {"format": "application/n-quads", "documentLoader": load})
    expanded = Graph().parse(data=nquads, format="nt")
    assert len(expanded) > 20
    assert same_triples(expanded, parse(get(client, doc(iris, iri), "text/turtle"), "text/turtle"))


def test_a_description_holds_the_sentence_each_part_was_read_from(client, iris, meeting, seed_path):
    graph = parse(get(client, doc(iris, meeting), "text/turtle"), "text/turtle")
    text = Source.from_path(seed_path).text
    parts = [iris.item(meeting, "4"), next(graph.subjects(OM.person, iris.person(COUNCIL, "Geoff Driver")))]
    for part in parts:
        spans = list(graph.objects(part, PROV.wasDerivedFrom))
        assert spans, part
        for span in spans:
            assert (span, OA.hasSource, iris.document(meeting)) in graph
            selectors = list(graph.objects(span, OA.hasSelector))
            start, end, exact = (next(graph.objects(s, p)) for p in (OA.start, OA.end, OA.exact)
                                 for s in selectors if (s, p, None) in graph)
            assert text[int(start):int(end)] == str(exact)


def test_a_document_description_holds_everything_read_from_it(client, published, iris, meeting):
    document = iris.document(meeting)
    graph = parse(get(client, doc(iris, document), "text/turtle"), "text/turtle")
    read = published.select(f"""SELECT DISTINCT ?node WHERE {{
        ?node <{PROV.wasDerivedFrom}> ?span . ?span <{OA.hasSource}> <{document}> }}""")
    assert len(read) > 30
    for row in read:
        assert next(graph.objects(row["node"], PROV.wasDerivedFrom), None) is not None, row["node"]
        assert (row["node"], RDF.type, None) in graph


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


def test_a_body_page_links_its_council_and_its_meetings(client, iris, meeting):
    body = iris.body(COUNCIL, BODY)
    page = Page(get(client, doc(iris, body), BROWSER).text)
    assert doc(iris, iris.council(COUNCIL)) in page.hrefs
    assert doc(iris, meeting) in page.hrefs


def test_the_home_page_lists_meetings_and_links_the_endpoint_and_ontology(client, iris, meeting):
    page = Page(get(client, "/", BROWSER).text)
    assert doc(iris, meeting) in page.hrefs
    assert {"/sparql", "/ns"} <= set(page.hrefs)


def test_a_store_that_is_down_is_503(iris, tmp_path):
    down = Store.oxigraph("http://127.0.0.1:9", timeout=1, contents=tmp_path)
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
