from __future__ import annotations

import pytest

from converters import ConversionError, Source
from openminutes import changes
from openminutes.publish import Rejected, publish
from openminutes.validation import validate
from openminutes.vocab import OM

QUADS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture
def seed(seed_path) -> Source:
    return Source.from_path(seed_path)


@pytest.fixture
def self_substitution(seed) -> Source:
    """The seed minutes with a member substituting for himself, which the shapes forbid."""
    original = b"County Councillor Barrie Yates replaced County Councillor Atkinson."
    assert original in seed.data
    return Source(seed.data.replace(original, b"County Councillor Barrie Yates replaced County Councillor Yates."), seed.name)


def graph_sizes(store, iris) -> dict:
    """Triples per document graph, the change log's graph aside."""
    rows = store.select(f"""SELECT ?g (COUNT(*) AS ?n) WHERE {{
        GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{changes.log_graph(iris)}>) }} GROUP BY ?g""")
    return {row["g"]: row["n"].toPython() for row in rows}


def test_a_conformant_document_is_stored_in_its_own_named_graph(store, seed, iris):
    published = publish(store, seed, iris)

    assert published.report.conforms
    assert graph_sizes(store, iris) == {published.document: published.triples}
    meetings = store.select(f"SELECT ?m WHERE {{ GRAPH <{published.document}> {{ ?m a <{OM.Meeting}> ; <{OM.recordedIn}> <{published.document}> }} }}")
    assert [row["m"] for row in meetings] == [iris.meeting("Lancashire County Council", "Cabinet Committee on Performance Improvement", "2018-10-04")]


def test_publishing_again_replaces_the_graph(store, seed, iris):
    first = publish(store, seed, iris)
    again = publish(store, seed, iris)

    assert (again.document, again.triples) == (first.document, first.triples)
    assert graph_sizes(store, iris) == {first.document: first.triples}


def test_a_rejected_document_leaves_the_store_as_it_was(store, seed, self_substitution, iris):
    published = publish(store, seed, iris)
    before = store.select(QUADS)

    with pytest.raises(Rejected) as rejected:
        publish(store, self_substitution, iris)

    report = rejected.value.report
    assert not report.conforms
    violations = [r for r in report.results if r.severity == "Violation"]
    assert [(r.focus.rsplit("/", 1)[1], r.path.endswith("substituteFor")) for r in violations] == [("barrie-yates", True)]
    assert sorted(map(repr, store.select(QUADS))) == sorted(map(repr, before))
    assert graph_sizes(store, iris) == {published.document: published.triples}


def test_an_unreadable_document_is_not_published(store, iris):
    with pytest.raises(ConversionError):
        publish(store, Source(b"Nothing like minutes.", "note.txt"), iris)

    assert store.graphs() == []


def test_what_the_store_serves_conforms_to_the_shapes_it_was_checked_against(store, seed, iris):
    published = publish(store, seed, iris)

    served = store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{published.document}> {{ ?s ?p ?o }} }}")

    assert len(served) == published.triples
    report = validate(served)
    assert report.conforms and report.results == published.report.results, report.text
