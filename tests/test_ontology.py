"""The ontology documents every term, sits under stable vocabularies and spells
their terms as they define them; the shapes speak only of terms it declares, in
the way it declares them; its version and change log agree; and its page,
generated from the Turtle, shows all of it."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.compare import to_isomorphic
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, SDO, SH, SKOS

from api import create_app
from api.ontology import classes_of
from openminutes.formats import BY_MEDIA_TYPE, TRIPLE_FORMATS
from openminutes.settings import Settings
from openminutes.validation import shapes_graph, validate
from openminutes.vocab import ELI, OA, OM, ONTOLOGY_IRI

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_FILE = ROOT / "ontology" / "openminutes.ttl"
CHANGELOG = ROOT / "ontology" / "CHANGELOG.md"
VOCABULARIES = Path(__file__).parent / "vocabularies"
OURS = "https://w3id.org/openminutes/"
STABLE_VOCABULARIES = (ORG, PROV, SDO, FOAF, ELI, DCTERMS)
# rdflib generates these from the vocabularies' own definitions: a term they lack is misspelt.
DEFINED_BY_RDFLIB = (ORG, PROV, FOAF, SDO, SKOS, DCTERMS, OWL, RDF, RDFS, XSD, SH)
# Objects of these name documents, not terms of a vocabulary.
DOCUMENT_LINKS = (OWL.versionIRI, OWL.priorVersion, DCTERMS.license)
# Provenance is told with the W3C Web Annotation model; these are the classes of it the shapes check.
WEB_ANNOTATION_CLASSES = {OA.SpecificResource, OA.TextPositionSelector, OA.TextQuoteSelector}
# Classes with no counterpart in besluit, mandaat, OParl or Popolo; each says so in its comment.
UNALIGNED = {OM.Attendance, OM.DeclarationOfInterest, OM.Action, OM.Amendment, OM.OfficerPost}
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def ours(graph: Graph, rdf_type: URIRef) -> set[URIRef]:
    return {s for s in graph.subjects(RDF.type, rdf_type) if s.startswith(str(OM))}


def properties(ontology: Graph) -> set[URIRef]:
    return set().union(*(ours(ontology, t) for t in PROPERTY_TYPES))


def concept_lists(shapes: Graph) -> list[set]:
    """The sh:in lists of our terms: concepts of our schemes."""
    lists = [set(shapes.items(values)) for values in shapes.objects(None, SH["in"])]
    return [values for values in lists if any(str(v).startswith(str(OM)) for v in values)]


def test_ontology_parses_and_names_itself(ontology):
    assert (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) in ontology
    assert ours(ontology, OWL.Class) and properties(ontology)


def test_every_term_has_an_english_label_and_comment(ontology):
    terms = {s for s in ontology.subjects() if isinstance(s, URIRef) and s.startswith(str(OM))}
    assert terms
    for term in terms:
        for annotation in (RDFS.label, RDFS.comment):
            values = list(ontology.objects(term, annotation))
            assert any(isinstance(v, Literal) and v.language == "en" for v in values), (term, annotation)


def test_every_property_has_a_domain_of_our_classes_and_a_range(ontology):
    classes = ours(ontology, OWL.Class)
    for prop in properties(ontology):
        domain = classes_of(ontology, ontology.value(prop, RDFS.domain))
        assert domain and set(domain) <= classes, f"{prop} has no domain of our classes: {domain}"
        range_ = classes_of(ontology, ontology.value(prop, RDFS.range))
        assert range_, f"{prop} has no range"
        assert all(not r.startswith(str(OM)) or r in classes for r in range_), (prop, range_)


def test_every_class_sits_under_a_stable_vocabulary(ontology):
    for cls in ours(ontology, OWL.Class):
        supers = set(ontology.transitive_objects(cls, RDFS.subClassOf))
        assert any(str(s).startswith(tuple(map(str, STABLE_VOCABULARIES))) for s in supers), cls


def test_every_class_is_aligned_or_has_no_counterpart(ontology):
    aligned = set(ontology.subjects(SKOS.closeMatch, None))
    assert ours(ontology, OWL.Class) - aligned == UNALIGNED
    for cls in UNALIGNED:
        assert re.search(r"counterpart|no class of their own|models? .* as a node", ontology.value(cls, RDFS.comment))


def allow_list() -> dict[URIRef, str]:
    """Every term of tests/vocabularies/*.txt, with the list it is on."""
    terms = {}
    for path in sorted(VOCABULARIES.glob("*.txt")):
        for line in path.read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                terms[URIRef(line.strip())] = path.name
    return terms


def external_terms(graph: Graph) -> set[URIRef]:
    """Every IRI a graph uses that is not ours, datatypes of literals included."""
    terms = set()
    for s, p, o in graph:
        if p in DOCUMENT_LINKS:
            o = None
        for term in (s, p, o, getattr(o, "datatype", None)):
            if isinstance(term, URIRef) and not term.startswith(OURS):
                terms.add(term)
    return terms


@pytest.mark.parametrize("graph", [lambda: Graph().parse(ONTOLOGY_FILE), shapes_graph], ids=["ontology", "shapes"])
def test_every_external_term_is_spelled_as_its_vocabulary_defines_it(graph):
    used = external_terms(graph())
    assert len(used) > 50
    assert used - allow_list().keys() == set()


def test_the_allow_lists_hold_only_terms_their_vocabularies_define():
    terms = allow_list()
    checked = 0
    for term, list_name in terms.items():
        vocabulary = next((v for v in DEFINED_BY_RDFLIB if term.startswith(str(v))), None)
        if vocabulary is not None:
            assert term in vocabulary, f"{term} ({list_name}) is not a term of {vocabulary}"
            checked += 1
    assert checked > 150


def test_a_misspelt_term_is_caught():
    assert URIRef(str(SDO) + "jobtitle") not in SDO
    assert URIRef(str(ORG) + "Classification") not in ORG


def test_every_class_a_shape_names_is_declared(ontology):
    shapes = shapes_graph()
    targets = set(shapes.objects(None, SH.targetClass)) | set(shapes.objects(None, SH["class"]))
    assert targets
    assert targets - WEB_ANNOTATION_CLASSES <= ours(ontology, OWL.Class)


def test_every_path_is_declared_or_an_allowed_term(ontology):
    declared, allowed = properties(ontology), allow_list()
    shapes = shapes_graph()
    for path in shapes.objects(None, SH.path):
        for prop in _properties_of(shapes, path):
            assert prop in declared or prop in allowed, prop


def _properties_of(shapes, path) -> list:
    """The properties a SHACL path is made of: itself, the property it inverts, or its alternatives."""
    if (inverse := shapes.value(path, SH.inversePath)) is not None:
        return _properties_of(shapes, inverse)
    if (alternatives := shapes.value(path, SH.alternativePath)) is not None:
        return [p for alternative in shapes.items(alternatives) for p in _properties_of(shapes, alternative)]
    return [path]


def test_every_in_list_is_a_whole_concept_scheme(ontology):
    schemes = {
        scheme: set(ontology.subjects(SKOS.inScheme, scheme))
        for scheme in ontology.subjects(RDF.type, SKOS.ConceptScheme)
    }
    lists = concept_lists(shapes_graph())
    assert lists
    for values in lists:
        assert all((v, RDF.type, SKOS.Concept) in ontology for v in values), values
        assert values in schemes.values(), f"{values} is not all of one concept scheme"


def test_shapes_agree_with_domains_and_ranges(ontology):
    shapes = shapes_graph()
    for shape, prop in shapes.subject_objects(SH.path):
        if prop not in properties(ontology):
            continue
        range_ = classes_of(ontology, ontology.value(prop, RDFS.range))
        for expected in (*shapes.objects(shape, SH.datatype), *shapes.objects(shape, SH["class"])):
            assert expected in range_, f"{shape} expects {expected} of {prop}, the ontology's range is {range_}"
        domain = classes_of(ontology, ontology.value(prop, RDFS.domain))
        assert set(shapes.objects(shape, SH.targetClass)) <= set(domain), (shape, prop, domain)


# Versions


def changelog() -> dict[str, str]:
    """Each version of CHANGELOG.md with its entry as one line: "0.2.0 (2026-11-25): …"."""
    versions = {}
    for heading, body in re.findall(r"^## (\S+ \(\d{4}-\d{2}-\d{2}\))\n(.*?)(?=^## |\Z)", CHANGELOG.read_text(),
                                    flags=re.M | re.S):
        items = [line.removeprefix("- ").replace("`", "") for line in body.strip().splitlines()]
        versions[heading.split()[0]] = f"{heading}: {' '.join(items)}"
    return versions


def test_the_change_log_is_kept_in_the_ontology_and_in_its_file(ontology):
    entries = changelog()
    assert len(entries) >= 2
    notes = {str(n) for n in ontology.objects(URIRef(ONTOLOGY_IRI), SKOS.changeNote)}
    assert notes == set(entries.values())


def test_the_version_is_the_newest_entry_and_the_prior_version_the_one_before(ontology):
    iri = URIRef(ONTOLOGY_IRI)
    newest, prior = list(changelog())[:2]
    assert str(ontology.value(iri, OWL.versionInfo)) == newest
    assert ontology.value(iri, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/{newest}")
    assert ontology.value(iri, OWL.priorVersion) == URIRef(f"{ONTOLOGY_IRI}/{prior}")


# Examples written into the ontology, for classes no converter emits yet


def written_examples(ontology: Graph) -> dict[URIRef, Graph]:
    prefixes = "".join(f"@prefix {p}: <{n}> .\n" for p, n in ontology.namespaces())
    return {cls: Graph().parse(data=prefixes + str(text), format="turtle")
            for cls, text in ontology.subject_objects(SKOS.example)}


def test_written_examples_are_instances_that_conform_to_the_shapes(ontology):
    examples = written_examples(ontology)
    assert {OM.Membership, OM.OfficerPost} <= examples.keys()
    for cls, example in examples.items():
        assert (None, RDF.type, cls) in example, cls
        report = validate(example)
        assert report.conforms, report.text
        assert all(r.path == "prov:wasDerivedFrom" for r in report.results), report.text


# The page at /ns


class Page(HTMLParser):
    """The text, links and example code inside each element with an id."""

    def __init__(self, html: str):
        super().__init__()
        self.text: dict[str, str] = {}
        self.hrefs: dict[str, list[str]] = {}
        self.code: dict[str, list[str]] = {}
        self._open: list[tuple[str, str | None]] = []
        self._in_pre = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in ("br", "link", "meta", "input"):
            self._open.append((tag, attrs.get("id")))
            if attrs.get("id"):
                self.text[attrs["id"]], self.hrefs[attrs["id"]], self.code[attrs["id"]] = "", [], []
        if tag == "a":
            for _, id_ in self._ids():
                self.hrefs[id_].append(attrs["href"])
        if tag == "pre":
            self._in_pre += 1
            for _, id_ in self._ids():
                self.code[id_].append("")

    def handle_endtag(self, tag):
        if tag == "pre":
            self._in_pre -= 1
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data):
        for _, id_ in self._ids():
            self.text[id_] += data
            if self._in_pre:
                self.code[id_][-1] += data

    def _ids(self):
        return [(tag, id_) for tag, id_ in self._open if id_]

    def words(self, id_: str) -> str:
        return " ".join(self.text[id_].split())


@pytest.fixture(scope="module")
def client(oxigraph) -> TestClient:
    return TestClient(create_app(Settings(base_iri="http://test.example/"), oxigraph.store))


@pytest.fixture(scope="module")
def page(client) -> Page:
    response = client.get("/ns", headers={"Accept": "text/html"})
    assert response.status_code == 200
    return Page(response.text)


@pytest.mark.parametrize("media_type", [f.media_type for f in TRIPLE_FORMATS])
def test_the_ontology_is_served_as_written_in_every_rdf_format(client, ontology, media_type):
    response = client.get("/ns", headers={"Accept": media_type})
    served = Graph().parse(data=response.content, format=BY_MEDIA_TYPE[media_type].rdflib)
    assert to_isomorphic(served) == to_isomorphic(ontology)


def test_the_page_shows_every_class_with_its_properties_and_super_classes(page, ontology):
    for cls in ours(ontology, OWL.Class):
        id_ = cls[len(OM):]
        for prop in properties(ontology):
            domain = classes_of(ontology, ontology.value(prop, RDFS.domain))
            if set(domain) & {cls, *ontology.transitive_objects(cls, RDFS.subClassOf)}:
                assert f"#{prop[len(OM):]}" in page.hrefs[id_], (cls, prop)
        for parent in ontology.objects(cls, RDFS.subClassOf):
            assert (f"#{parent[len(OM):]}" if parent.startswith(str(OM)) else str(parent)) in page.hrefs[id_]
    assert "#amends" in page.hrefs["Amendment"] and "#mover" in page.hrefs["Amendment"]


def test_the_page_names_the_vocabulary_of_each_alignment(page):
    assert "https://schema.oparl.org/1.1/Meeting" in page.hrefs["Meeting"]
    assert "close match: besluit:Zitting (besluit (Flemish local decisions))" in page.words("Meeting")
    assert "close match: opengov:VoteEvent (Popolo)" in page.words("VoteEvent")
    assert "related match: besluit:BehandelingVanAgendapunt" in page.words("AgendaItem")


def test_the_page_gives_every_class_an_example_of_it_in_turtle(page, ontology):
    prefixes = "".join(f"@prefix {p}: <{n}> .\n" for p, n in ontology.namespaces())
    for cls in ours(ontology, OWL.Class):
        [example] = page.code[cls[len(OM):]]
        assert (None, RDF.type, cls) in Graph().parse(data=prefixes + example, format="turtle"), cls


def test_examples_are_the_sample_minutes_as_converted_now(page):
    assert "from the sample minutes" in page.words("Meeting")
    assert "<http://test.example/id/meeting/" in page.code["Meeting"][0]


def test_the_page_shows_every_property_with_its_domain_and_range(page, ontology):
    for prop in properties(ontology):
        id_ = prop[len(OM):]
        for cls in classes_of(ontology, ontology.value(prop, RDFS.domain)):
            assert f"#{cls[len(OM):]}" in page.hrefs[id_], (prop, cls)
        for range_ in classes_of(ontology, ontology.value(prop, RDFS.range)):
            assert (f"#{range_[len(OM):]}" if range_.startswith(str(OM)) else str(range_)) in page.hrefs[id_]


def test_the_page_shows_every_concept_scheme_with_its_concepts(page, ontology):
    for scheme in ontology.subjects(RDF.type, SKOS.ConceptScheme):
        for concept in ontology.subjects(SKOS.inScheme, scheme):
            assert concept[len(OM):] in page.text
            assert str(ontology.value(concept, SKOS.prefLabel)) in page.words(scheme[len(OM):])
    assert "A kind of present" in page.words("AttendanceStatusScheme")


def test_the_page_shows_the_version_and_the_change_log(page, ontology):
    ontology_iri = URIRef(ONTOLOGY_IRI)
    for link in (OWL.versionIRI, OWL.priorVersion):
        assert str(ontology.value(ontology_iri, link)) in page.hrefs["main"]
    changes = page.words("change-log")
    for entry in changelog().values():
        assert entry in changes
