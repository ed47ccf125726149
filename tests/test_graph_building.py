"""The graph a conversion builds at once (converters/rdf.py): its store's three indexes agree, reading it whole
gives what the store holds before and after it is changed, its prefixes are bound, and it is freed as soon as it
is dropped, without Python's cyclic collector."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest
from rdflib import RDF, Literal, URIRef

from converters import Source, convert
from openminutes.vocab import OA, OM, Iris

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
IRIS = Iris("http://example.org/")


def converted():
    return convert(Source.from_path(SAMPLES / "ashcombe-full-council-2025-09-18.txt"), IRIS).graph


@pytest.fixture
def graph():
    return converted()


def stored(graph) -> set:
    return set(graph.triples((None, None, None)))


def test_each_index_finds_every_triple(graph):
    triples = stored(graph)
    assert len(graph) == len(triples) > 100
    for s, p, o in triples:
        assert (s, p, o) in graph
        assert o in set(graph.objects(s, p))
        assert s in set(graph.subjects(p, o))
        assert p in set(graph.predicates(s, o))
    assert {t for t in triples if t[1] == OA.exact} == set(graph.triples((None, OA.exact, None)))


def test_read_whole_as_stored_after_changes(graph):
    assert set(graph) == stored(graph) and len(list(graph)) == len(graph)
    meeting = next(graph.subjects(RDF.type, OM.Meeting))
    added = (meeting, OM.venue, URIRef("http://example.org/id/place/x"))
    graph.add(added)
    graph.add((URIRef("http://example.org/new"), OM.name, Literal("new")))
    graph.remove((meeting, OM.date, None))
    assert set(graph) == stored(graph)
    assert added in set(graph) and not any(p == OM.date and s == meeting for s, p, _ in graph)


def test_prefixes_bound(graph):
    assert dict(graph.namespaces())["om"] == URIRef(str(OM))
    assert "om:Meeting" in graph.serialize(format="turtle")


def test_freed_when_dropped_without_the_cyclic_collector():
    graph = converted()
    graph.serialize(format="turtle")  # uses its namespace manager
    dropped = weakref.ref(graph)
    enabled = gc.isenabled()
    gc.disable()
    try:
        del graph
        assert dropped() is None
    finally:
        if enabled:
            gc.enable()
