"""The HTML pages, as a person (and a validator) reads them: a page for every kind of
resource, with breadcrumbs, the sentence behind each fact and links both ways; the home,
browse and search pages; valid HTML (Debian's tidy) and basic accessibility checks."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV

from api import browse, create_app
from converters import Source
from openminutes.formats import TRIPLE_FORMATS
from openminutes.publish import publish
from openminutes.settings import Settings
from openminutes.store import EmbeddedOxigraph
from openminutes.vocab import OA, OM, Iris

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "ashcombe-full-council-2025-09-18.txt"
STYLE = ROOT / "api" / "static" / "style.css"
COUNCIL, BODY, DATE = "Ashcombe Borough Council", "Council", "2025-09-18"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def client(oxigraph, seed_path, iris) -> TestClient:
    oxigraph.store.update("DROP ALL")
    for path in (*sorted((ROOT / "samples").glob("*.txt")), seed_path):
        publish(oxigraph.store, Source.from_path(path), iris)
    return TestClient(create_app(Settings(base_iri=iris.base), oxigraph.store))


@pytest.fixture(scope="module")
def kinds(iris) -> dict[str, URIRef]:
    """One resource of each kind, all from the Ashcombe sample."""
    meeting = iris.meeting(COUNCIL, BODY, DATE)
    event = iris.under(iris.item(meeting, "5"), "motion", 1, "vote")
    return {
        "council": iris.council(COUNCIL),
        "body": iris.body(COUNCIL, BODY),
        "meeting": meeting,
        "item": iris.item(meeting, "4"),
        "motion": iris.under(iris.item(meeting, "4"), "motion", 1),
        "voted motion": iris.under(iris.item(meeting, "5"), "motion", 1),
        "vote event": event,
        "vote": iris.under(event, "daniel-frost"),
        "resolution": iris.under(iris.item(meeting, "4"), "resolution", 1),
        "person": iris.person(COUNCIL, "Daniel Frost"),
        "document": iris.document(meeting),
        "attendance": iris.under(meeting, "attendance", "daniel-frost"),  # on the page for any other resource
    }


KINDS = ("council", "body", "meeting", "item", "motion", "vote event", "vote", "resolution", "person", "document")
OTHER_PAGES = ("/", "/people", "/people/ashcombe-borough-council", "/search", "/search?q=leisure",
               "/doc/nothing/here")


# A small DOM, enough to read what a page says and how it is built.

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str | None]
    parent: Element | None = None
    children: list[Element | str] = field(default_factory=list)

    def iter(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def all(self, tag: str, **attrs: str) -> list[Element]:
        return [e for e in self.iter() if e.tag == tag and all(e.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())]

    def one(self, tag: str, **attrs: str) -> Element:
        [found] = self.all(tag, **attrs)
        return found

    def text(self) -> str:
        """The text content, white space collapsed."""
        return " ".join("".join(c if isinstance(c, str) else c.text() for c in self.children).split())

    def ancestors(self) -> Iterator[Element]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def hrefs(self) -> list[str]:
        return [a.attrs["href"] for a in self.all("a")]


class Page(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self._open = self.root
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self._open)
        self._open.children.append(element)
        if tag not in VOID:
            self._open = element

    def handle_endtag(self, tag):
        assert self._open.tag == tag, f"</{tag}> closes <{self._open.tag}>"
        self._open = self._open.parent

    def handle_data(self, data):
        self._open.children.append(data)


@functools.cache  # the store does not change within this module
def html(client: TestClient, path: str) -> str:
    response = client.get(path, headers={"Accept": BROWSER})
    assert response.headers["content-type"] == "text/html; charset=utf-8", path
    return response.text


def page(client: TestClient, path: str) -> Element:
    return Page(html(client, path)).root


def doc(iris: Iris, iri: str) -> str:
    return iris.doc_path(iri)


def all_paths(kinds: dict[str, URIRef], iris: Iris) -> list[str]:
    return [doc(iris, kinds[kind]) for kind in (*KINDS, "attendance")] + list(OTHER_PAGES)


# Every kind of resource


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_resource_has_a_page_of_its_own(client, iris, kinds, kind):
    expected_title = {
        "council": COUNCIL, "body": BODY, "meeting": "Council, Thursday 18 September 2025",
        "item": "4. Leisure Centre Opening Hours", "motion": "Motion: that the leisure centre open from 6.00 am",
        "vote event": "Vote on the motion", "vote": "Daniel Frost: against", "resolution": "Resolution",
        "person": "Daniel Frost", "document": "Minutes of Council, Thursday 18 September 2025",
    }[kind]
    root = page(client, doc(iris, kinds[kind]))
    assert root.one("h1").text().startswith(expected_title)
    assert not root.all("p", class_="iri")  # a page of its own, not the generic table of properties


FACTS = {  # kind: (term, the resource the page shows for it)
    "meeting": [("Body", "body"), ("Council", "council"), ("Minutes", "document")],
    "motion": [("Moved by", "person"), ("Agenda item", "item")],
    "vote event": [("Motion", None), ("Voted against", "person")],
    "vote": [("Voter", "person"), ("In", "vote event")],
    "resolution": [("Agenda item", "item")],
    "body": [("Council", "council")],
    "person": [("Council", "council")],
    "document": [("Records", "meeting")],
}


@pytest.mark.parametrize("kind", sorted(FACTS))
def test_a_page_states_the_facts_of_its_resource(client, iris, kinds, kind):
    lists = page(client, doc(iris, kinds[kind])).all("dl", class_="facts")
    terms = [e for facts in lists for e in facts.children if isinstance(e, Element)]
    for term, linked in FACTS[kind]:
        dt = next(e for e in terms if e.tag == "dt" and e.text() == term)
        dd = terms[terms.index(dt) + 1]
        assert dd.tag == "dd"
        if linked:
            assert doc(iris, kinds[linked]) in dd.hrefs(), (term, dd.hrefs())


def test_a_numbered_resolution_shows_its_number_on_its_page_and_its_motion(client, iris):
    meeting = iris.meeting("Township of Alder Ridge", "Township of Alder Ridge Council", "2025-03-18")
    graph = Graph().parse(data=client.get(doc(iris, meeting), headers={"Accept": "text/turtle"}).text, format="turtle")
    numbered = {str(number): node for node, number in graph.subject_objects(OM.resolutionNumber)}
    assert "R2025-032" in numbered

    for node in graph.subjects(OM.resolutionNumber, Literal("R2025-032")):
        terms = [e for facts in page(client, doc(iris, node)).all("dl", class_="facts")
                 for e in facts.children if isinstance(e, Element)]
        dt = next(e for e in terms if e.tag == "dt" and e.text() == "Resolution number")
        assert terms[terms.index(dt) + 1].text() == "R2025-032"


def test_an_officer_the_minutes_name_only_by_post_is_shown_by_post(tmp_path):
    text = ("Minutes of the Ordinary Meeting of Testford Parish Council held on Wednesday 9th April 2025 at 7.30pm "
            "in the Village Hall.\n\nPRESENT: Cllr A. Jones (Chair), Cllr B. Hughes\n\n1. Planning\n"
            "The observations were agreed.\nClerk to submit the observations to the County Council.\n")
    iris = Iris("http://pages.example/")
    with EmbeddedOxigraph(tmp_path / "store", timeout=5) as server:
        publish(server.store, Source(text.encode(), "testford.txt"), iris)
        client = TestClient(create_app(Settings(base_iri=iris.base, data_dir=tmp_path), server.store))
        meeting = iris.meeting("Testford Parish Council", "Testford Parish Council", "2025-04-09")
        [section] = [s for s in page(client, doc(iris, meeting)).all("section")
                     if s.attrs.get("aria-labelledby") == "attendance"]
        attendance = page(client, doc(iris, iris.under(meeting, "attendance", "post-clerk")))

    listed = [li.text() for li in section.all("li")]
    assert any(entry.startswith("The Clerk, not named") for entry in listed), listed
    assert attendance.all("h1")[0].text().startswith("The Clerk at ")


def test_the_meeting_page_shows_what_was_moved_and_how_members_voted(client, iris, kinds):
    main = page(client, doc(iris, kinds["meeting"])).one("main")
    text = main.text()
    assert "Amendment — lost" in text and "Motion — carried" in text
    assert doc(iris, kinds["vote event"]) in main.hrefs()
    assert "For 5, Against 2, Abstentions 1" in text
    declarations = main.one("section", **{"aria-labelledby": "declarations"}).text()
    assert "Lorna Brennan: disclosable pecuniary interest in Quay Street Parking Charges (left the room)" in declarations


@pytest.mark.parametrize("kind,trail", [
    ("council", []),
    ("body", ["council"]),
    ("meeting", ["council", "body"]),
    ("item", ["council", "body", "meeting"]),
    ("motion", ["council", "body", "meeting", "item"]),
    ("vote", ["council", "body", "meeting", "item 5", "motion 5", "vote event"]),
    ("person", ["council"]),
    ("document", ["council", "body", "meeting"]),
])
def test_breadcrumbs_lead_down_from_the_council(client, iris, kinds, kind, trail):
    meeting = kinds["meeting"]
    steps = {**kinds, "item 5": iris.item(meeting, "5"), "motion 5": iris.under(iris.item(meeting, "5"), "motion", 1)}
    crumbs = page(client, doc(iris, kinds[kind])).all("nav", **{"aria-label": "Breadcrumb"})
    assert [a for nav in crumbs for a in nav.hrefs()] == [doc(iris, steps[step]) for step in trail]


def test_each_page_links_its_rdf_representations(client, iris, kinds):
    for kind in KINDS:
        path = doc(iris, kinds[kind])
        head = page(client, path).one("head")
        alternates = {link.attrs["type"]: link.attrs["href"] for link in head.all("link", rel="alternate")}
        assert alternates == {f.media_type: f"{path}.{f.extension}" for f in TRIPLE_FORMATS}, kind
    for media_type, href in alternates.items():
        response = client.get(href)
        assert response.status_code == 200 and response.headers["content-type"].startswith(media_type)


def test_each_fact_shows_the_sentence_it_was_read_from(client, iris, kinds):
    text = Source.from_path(SAMPLE).text
    main = page(client, doc(iris, kinds["meeting"])).one("main")
    sources = main.all("details", class_="source")
    attendees = [li for li in main.one("section", **{"aria-labelledby": "attendance"}).all("li")]
    assert len(attendees) == 11 and all(li.all("details", class_="source") for li in attendees)
    assert len(sources) > 25
    for details in sources:
        assert details.children and details.all("summary")[0].text() == "Source"
        quotes, places = details.all("blockquote"), details.all("p", class_="where")
        assert quotes and len(quotes) == len(places)
        for quote, place in zip(quotes, places):
            start, end = map(int, re.fullmatch(r"Characters (\d+)–(\d+) of .*", place.text()).groups())
            assert " ".join(text[start:end].split()) == quote.text()
            assert place.hrefs() == [doc(iris, kinds["document"])]


@pytest.mark.parametrize("one,other", [
    ("council", "body"), ("body", "meeting"), ("meeting", "item"), ("meeting", "person"), ("meeting", "document"),
    ("item", "motion"), ("item", "resolution"), ("voted motion", "vote event"), ("vote event", "vote"), ("person", "vote"),
    ("person", "motion"),
])
def test_related_pages_link_to_each_other(client, iris, kinds, one, other):
    assert doc(iris, kinds[other]) in page(client, doc(iris, kinds[one])).one("main").hrefs()
    assert doc(iris, kinds[one]) in page(client, doc(iris, kinds[other])).one("main").hrefs()


def test_a_council_leads_to_its_people_and_they_back_to_it(client, iris, kinds):
    people = "/people/ashcombe-borough-council"
    assert people in page(client, doc(iris, kinds["council"])).one("main").hrefs()
    assert doc(iris, kinds["person"]) in page(client, people).one("main").hrefs()
    assert doc(iris, kinds["council"]) in page(client, doc(iris, kinds["person"])).one("main").hrefs()


def test_the_document_page_lists_everything_read_from_it(client, oxigraph, iris, kinds):
    document = kinds["document"]
    rows = page(client, doc(iris, document)).one("table", class_="read").one("tbody").all("tr")
    listed = {row.all("td")[1].hrefs()[0] for row in rows}
    read = oxigraph.store.select(f"""SELECT DISTINCT ?node WHERE {{
        ?node <{PROV.wasDerivedFrom}> ?span . ?span <{OA.hasSource}> <{document}> }}""")
    assert listed == {doc(iris, row["node"]) for row in read}
    starts = [int(row.all("td")[0].text().split("–")[0]) for row in rows]
    assert starts == sorted(starts)


# Finding one's way: home, browse, people, search


def test_home_leads_to_councils_bodies_meetings_by_year_and_items(client, iris, kinds):
    assert doc(iris, kinds["council"]) in page(client, "/").one("main").hrefs()
    assert doc(iris, kinds["body"]) in page(client, doc(iris, kinds["council"])).one("main").hrefs()
    body = page(client, doc(iris, kinds["body"])).one("main")
    years = {h3.text(): h3.parent for h3 in body.all("h3")}
    assert doc(iris, kinds["meeting"]) in years["2025"].hrefs()
    assert doc(iris, kinds["item"]) in page(client, doc(iris, kinds["meeting"])).one("main").hrefs()


def test_people_are_listed_by_council(client, iris, kinds):
    councils = page(client, "/people").one("main")
    assert "/people/ashcombe-borough-council" in councils.hrefs()
    assert "/people/lancashire-county-council" in councils.hrefs()
    people = page(client, "/people/ashcombe-borough-council").one("main")
    frost = next(tr for tr in people.all("tr") if doc(iris, kinds["person"]) in tr.hrefs())
    assert frost.all("td")[1].text() == "1"
    assert not any("lancashire" in href for href in people.hrefs())


def test_an_unknown_council_has_no_people_page(client):
    response = client.get("/people/nowhere-council", headers={"Accept": "text/plain"})
    assert response.status_code == 404 and "no council 'nowhere-council'" in response.text


def search(client: TestClient, **params) -> Element:
    response = client.get("/search", params=params, headers={"Accept": BROWSER})
    assert response.status_code == 200, response.text
    return Page(response.text).root.one("main")


def test_search_finds_items_by_title_ignoring_case(client, iris, kinds):
    results = search(client, q="LEISURE centre")
    assert doc(iris, kinds["item"]) in results.hrefs()
    assert {m.text().lower() for m in results.all("mark")} == {"leisure", "centre"}


def test_search_finds_resolutions_by_their_text(client, iris, kinds):
    results = search(client, q="traffic survey")
    resolution = doc(iris, iris.under(iris.item(kinds["meeting"], "5"), "resolution", 1))
    assert resolution in results.hrefs() and doc(iris, iris.item(kinds["meeting"], "5")) in results.hrefs()
    assert doc(iris, kinds["meeting"]) in results.hrefs()


def test_search_needs_every_word(client):
    assert not search(client, q="leisure parking").all("ol")


@pytest.mark.parametrize("text", ['"', "\\", '\\"', "\\u0022", 'x")||true||("', "x\\", "}}", "leisure\")) #"])
def test_search_text_is_only_ever_searched_for(client, text):
    """Each of these would match everything, or break the query, if it reached SPARQL unescaped."""
    assert not search(client, q=text).all("ol")


def test_search_results_come_in_pages(client, monkeypatch):
    monkeypatch.setattr(browse, "RESULTS_PER_PAGE", 2)
    first = search(client, q="the")
    pager = first.one("nav", **{"aria-label": "Pages"})
    [next_page] = [a.attrs["href"] for a in pager.all("a", rel="next")]
    assert not pager.all("a", rel="prev")
    second = search(client, **dict(p.split("=") for p in next_page.lstrip("?").split("&")))
    assert second.one("ol").attrs["start"] == "3"
    assert second.one("nav", **{"aria-label": "Pages"}).all("a", rel="prev")
    hits = [{tuple(li.hrefs()) for li in results.one("ol").all("li")} for results in (first, second)]
    assert len(hits[0]) == len(hits[1]) == 2 and not hits[0] & hits[1]


@pytest.mark.parametrize("params,message", [
    ({"q": "x" * 201}, "at most 200 characters"),
    ({"q": " ".join("abcdefghi")}, "at most 8 words"),
    ({"q": "leisure", "page": "0"}, "page must be a whole number"),
    ({"q": "leisure", "page": "two"}, "page must be a whole number"),
])
def test_a_search_that_cannot_be_answered_says_why(client, params, message):
    response = client.get("/search", params=params)
    assert response.status_code == 400 and message in response.text


# Valid and accessible

TIDY = shutil.which("tidy")


def require(tool: str | None, name: str) -> None:
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed; .ci/run installs it")
        pytest.skip(f"{name} is not installed (apt-get install {name})")


def test_pages_are_valid_html(client, iris, kinds):
    """Debian's tidy checks what a parser alone would let through: elements where the content
    model forbids them, unknown attributes, duplicate ids, images without alt. Any warning fails."""
    require(TIDY, "tidy")
    for path in all_paths(kinds, iris):
        checked = subprocess.run([TIDY, "-q", "-e", "-utf8"], input=html(client, path), capture_output=True, text=True)
        assert checked.returncode == 0, f"{path}:\n{checked.stderr}"


def test_tidy_would_notice_a_mistake():
    require(TIDY, "tidy")
    broken = '<!doctype html><html lang="en"><head><title>t</title></head><body><span><div>x</div></span></body></html>'
    assert subprocess.run([TIDY, "-q", "-e"], input=broken, capture_output=True, text=True).returncode != 0


def test_pages_pass_basic_accessibility_checks(client, iris, kinds):
    for path in all_paths(kinds, iris):
        root = page(client, path)
        html = root.one("html")
        assert html.attrs.get("lang") == "en", path
        body = html.one("body")
        landmarks = [e.tag for e in body.children if isinstance(e, Element)]
        assert {"header", "main", "footer"} <= set(landmarks), path
        assert [landmarks.count(tag) for tag in ("header", "main", "footer")] == [1, 1, 1], path
        assert body.one("header").all("nav"), path
        headings = [int(e.tag[1]) for e in body.one("main").iter() if re.fullmatch(r"h[1-6]", e.tag)]
        assert headings[0] == 1 and headings.count(1) == 1, path
        assert all(b <= a + 1 for a, b in zip(headings, headings[1:])), (path, headings)
        assert all(img.attrs.get("alt") is not None for img in root.all("img")), path
        ids = [e.attrs["id"] for e in root.iter() if "id" in e.attrs]
        assert len(ids) == len(set(ids)), path
        for e in root.iter():
            for reference in ("aria-labelledby", "for"):
                if reference in e.attrs:
                    assert e.attrs[reference] in ids, (path, e.tag, reference)
        labelled = {label.attrs.get("for") for label in root.all("label")}
        for control in (e for e in root.iter() if e.tag in ("input", "select", "textarea")):
            if control.attrs.get("type") not in ("hidden", "submit", "button"):
                assert control.attrs.get("id") in labelled or "aria-label" in control.attrs, (path, control.attrs)
        assert all(a.text() for a in root.all("a")), path
        assert not root.all("script"), path  # everything works without JavaScript


def luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_ratios_are_computed_as_wcag_says():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48


def test_text_colours_contrast_with_their_backgrounds():
    """WCAG 2 AA (4.5:1) for every colour text takes in style.css: a rule's own colour on its
    own background, and any colour set alone on any background set alone (text inherits them)."""
    css = re.sub(r"/\*.*?\*/", "", STYLE.read_text(), flags=re.S)
    assert "@media" not in css  # the simple reading below would need to learn nesting
    rules = [(selector.strip(), dict(re.findall(r"([\w-]+)\s*:\s*([^;]+)", body)))
             for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css)]
    variables = {name: value.strip() for _, declarations in rules for name, value in declarations.items()
                 if name.startswith("--")}

    def colour(value: str | None) -> str | None:
        if value is None:
            return None
        value = re.sub(r"var\((--[\w-]+)\)", lambda m: variables[m[1]], value.strip())
        found = re.search(r"#[0-9a-fA-F]{6}\b", value)
        return found[0].lower() if found else None

    pairs, texts, backgrounds = set(), set(), set()
    for selector, declarations in rules:
        text = colour(declarations.get("color"))
        background = colour(declarations.get("background") or declarations.get("background-color"))
        if text and background:
            pairs.add((text, background))
        if text and (selector == ":root" or not background):
            texts.add(text)
        if background and (selector == ":root" or not text):
            backgrounds.add(background)
    pairs |= {(t, b) for t in texts for b in backgrounds}
    assert len(texts) >= 3 and len(backgrounds) >= 3
    low = {pair: round(contrast(*pair), 2) for pair in pairs if contrast(*pair) < 4.5}
    assert not low, low
