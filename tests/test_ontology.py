"""The ontology documents every term and sits under stable vocabularies, and
the shapes speak only of terms it declares, in the way it declares them."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, SH, SKOS

from openminutes.validation import shapes_graph
from openminutes.vocab import ELI, OA, OM, ONTOLOGY_IRI, ORG, SCHEMA

ONTOLOGY_FILE = Path(__file__).resolve().parents[1] / "ontology" / "openminutes.ttl"
STABLE_VOCABULARIES = (ORG, PROV, SCHEMA, FOAF, ELI, DCTERMS)
PATH_NAMESPACES = (str(RDF), str(RDFS), str(PROV), str(OA), str(DCTERMS), str(SKOS))
# Provenance is told with the W3C Web Annotation model; these are the classes of it the shapes check.
WEB_ANNOTATION_CLASSES = {OA.SpecificResource, OA.TextPositionSelector, OA.TextQuoteSelector}
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


def test_every_property_has_a_range_and_declared_domains_and_ranges(ontology):
    classes = ours(ontology, OWL.Class)
    for prop in properties(ontology):
        assert ontology.value(prop, RDFS.range) is not None, f"{prop} has no range"
        for declared in (*ontology.objects(prop, RDFS.domain), *ontology.objects(prop, RDFS.range)):
            assert not declared.startswith(str(OM)) or declared in classes, (prop, declared)


def test_every_class_sits_under_a_stable_vocabulary(ontology):
    for cls in ours(ontology, OWL.Class):
        supers = set(ontology.transitive_objects(cls, RDFS.subClassOf))
        assert any(str(s).startswith(tuple(map(str, STABLE_VOCABULARIES))) for s in supers), cls


def test_every_class_a_shape_names_is_declared(ontology):
    shapes = shapes_graph()
    targets = set(shapes.objects(None, SH.targetClass)) | set(shapes.objects(None, SH["class"]))
    assert targets
    assert targets - WEB_ANNOTATION_CLASSES <= ours(ontology, OWL.Class)


def test_every_path_is_declared_or_from_a_known_vocabulary(ontology):
    declared = properties(ontology)
    for path in shapes_graph().objects(None, SH.path):
        assert path in declared or str(path).startswith(PATH_NAMESPACES), path


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
        range_ = ontology.value(prop, RDFS.range)
        for expected in (*shapes.objects(shape, SH.datatype), *shapes.objects(shape, SH["class"])):
            assert expected == range_, f"{shape} expects {expected} of {prop}, the ontology's range is {range_}"
        domain = ontology.value(prop, RDFS.domain)
        if domain is not None:
            assert set(shapes.objects(shape, SH.targetClass)) <= {domain}, (shape, prop, domain)
