"""People across the documents of a council: the people of a document being published joined to
the people of the same council that other documents already published.

The converters resolve the people of one document (converters/people.py); the same rules join
documents. A person of the new document is a published person when both bear the same surname,
every form of the name on one side agrees with every form on the other, and neither side has
another person who would agree: two candidates leave both apart, and a bare surname joins only
when each side has one bearer of it. The same IRI is the same person, whatever the names.

The person published first keeps the IRI and the name (``om:name``); the new document's forms of
the name become ``om:alternateName``. A document's graph changes only when that document is
published, so a fuller form read later cannot rename the person in the graphs already stored
without logging versions of documents that did not change; one name per person across the store
is kept instead, and every form still finds the person.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from rdflib import RDF, Graph, Literal, URIRef

from converters.people import Person, parse_name
from openminutes.store import Store
from openminutes.vocab import OM


@dataclass
class _Bearer:
    """A person as a graph names them."""

    council: URIRef
    names: set[str] = field(default_factory=set)  # om:name: one, unless stored before documents were joined
    alternates: set[str] = field(default_factory=set)

    @cached_property
    def person(self) -> Person:
        return Person([name for name in map(parse_name, sorted(self.names | self.alternates)) if name])

    @property
    def key(self) -> tuple[URIRef, str]:
        return self.council, self.person.names[0].surname.lower()

    @property
    def bare(self) -> bool:
        return not any(name.given for name in self.person.names)

    def agrees(self, other: _Bearer) -> bool:
        return all(other.person.admits(name) for name in self.person.names)


def join(store: Store, graph: Graph, document: URIRef) -> None:
    """Gives each person of ``graph`` who is a person of the council's other documents that person's
    IRI and name, their own forms of the name as alternate names; ``graph`` is changed in place."""
    ours = _people(graph)
    councils = {bearer.council for bearer in ours.values()}
    if not councils:
        return
    theirs = _published(store, document, councils)
    for iri, known in _matches(ours, theirs).items():
        _rename(graph, iri, known, theirs[known], ours[iri])


def _people(graph: Graph) -> dict[URIRef, _Bearer]:
    return {
        iri: _Bearer(graph.value(iri, OM.council), {str(n) for n in graph.objects(iri, OM.name)},
                     {str(n) for n in graph.objects(iri, OM.alternateName)})
        for iri in graph.subjects(RDF.type, OM.Person)
        if graph.value(iri, OM.council) is not None
    }


def _published(store: Store, document: URIRef, councils: set[URIRef]) -> dict[URIRef, _Bearer]:
    """The councils' people as the graphs of their other documents name them."""
    rows = store.select(f"""
        SELECT DISTINCT ?person ?council ?property ?value WHERE {{
          VALUES ?council {{ {" ".join(c.n3() for c in sorted(councils))} }}
          VALUES ?property {{ {OM.name.n3()} {OM.alternateName.n3()} }}
          GRAPH ?g {{ ?person a {OM.Person.n3()} ; {OM.council.n3()} ?council ; ?property ?value }}
          FILTER(?g != {document.n3()})
        }}""")
    people: dict[URIRef, _Bearer] = {}
    for row in rows:
        bearer = people.setdefault(row["person"], _Bearer(row["council"]))
        (bearer.names if row["property"] == OM.name else bearer.alternates).add(str(row["value"]))
    return {iri: bearer for iri, bearer in people.items() if bearer.names}


def _matches(ours: dict[URIRef, _Bearer], theirs: dict[URIRef, _Bearer]) -> dict[URIRef, URIRef]:
    """Each of our people who is one of theirs: by the same IRI, or as the one person who agrees on both sides."""
    matches = {iri: iri for iri in ours if iri in theirs}
    groups: dict[tuple, tuple[list, list]] = defaultdict(lambda: ([], []))
    for side, people in enumerate((ours, theirs)):
        for iri, bearer in people.items():
            if bearer.person.names:
                groups[bearer.key][side].append(iri)
    for mine, known in groups.values():
        one_each = len(mine) == 1 and len(known) == 1
        free = [iri for iri in known if iri not in matches.values()]
        candidates = {iri: [k for k in free if ours[iri].agrees(theirs[k])] for iri in mine if iri not in matches}
        for iri, found in candidates.items():
            if len(found) != 1 or sum(found[0] in other for other in candidates.values()) != 1:
                continue
            if one_each or not (ours[iri].bare or theirs[found[0]].bare):
                matches[iri] = found[0]
    return matches


def _rename(graph: Graph, iri: URIRef, known: URIRef, published: _Bearer, mine: _Bearer) -> None:
    if iri != known:
        for s, p, o in list(graph.triples((iri, None, None))):
            graph.remove((s, p, o))
            graph.add((known, p, o))
        for s, p, o in list(graph.triples((None, None, iri))):
            graph.remove((s, p, o))
            graph.add((s, p, known))
    name = min(published.names)
    graph.remove((known, OM.name, None))
    graph.remove((known, OM.alternateName, None))
    graph.add((known, OM.name, Literal(name)))
    for form in sorted((mine.names | mine.alternates) - {name}):
        graph.add((known, OM.alternateName, Literal(form)))
