"""What the document about a resource says: the SPARQL that gathers it from the store.

A description holds, in full, the resource and its parts (the attendances and
agenda items of a meeting; the reports, resolutions, motions and actions under
an item; the vote on a motion and the votes cast in it) and the fragments of
any of them (``…#position``); then every link into them; then a summary of each
resource they link to or are linked from: its types, its names, and what
identifies it (a meeting's body and date, an item's number and meeting),
following those identifying links so a page can name what it lists.

It also holds where each fact was read: the spans of source text (with their
selectors) that the resource, its parts and what links to them were derived
from — but not the spans of people, bodies, councils and places linking in,
which have one for every mention and are shown on their own pages. A document's
description holds every span read from it and what was derived from each.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from rdflib import RDF, RDFS, SKOS, Graph, URIRef
from rdflib.namespace import DCTERMS, PROV

from openminutes import changes
from openminutes.store import Store
from openminutes.vocab import OA, OM, Iris, bind_prefixes

PART_OF = (OM.meeting, OM.item, OM.motion, OM.voteEvent)
IDENTIFIED_BY = (*PART_OF, OM.body, OM.council, OM.person, OM.substituteFor)
SUMMARY = (
    RDF.type, RDFS.label, SKOS.prefLabel, OM.name, OM.title, OM.date, OM.startTime, OM.itemNumber, OM.position,
    OM.attendanceStatus, OM.meetingRole, OM.jobTitle, OM.text, OM.description, OM.outcome, OM.voteOption,
    OM.voter, OM.recordedIn, *IDENTIFIED_BY,
)
# Named in many documents, with a span for every mention.
ENDURING = (OM.Council, OM.Body, OM.Person, OM.Place)
_DERIVED = PROV.wasDerivedFrom.n3()


def _alternatives(properties) -> str:
    return "|".join(p.n3() for p in properties)


def _members(var: str) -> str:
    """The resource and its parts, as ``var``."""
    return f"{var} ({_alternatives(PART_OF)})* $resource ."


def _neighbours(var: str) -> str:
    """Everything the resource and its parts link to or are linked from, as ``var``;
    for a document, also everything read from it."""
    return (f"SELECT DISTINCT {var} WHERE {{ {_members('?member')} "
            f"{{ ?member ?out {var} }} UNION {{ {var} ?in ?member }} "
            f"UNION {{ ?span {OA.hasSource.n3()} ?member . {var} {_DERIVED} ?span }} "
            f"FILTER(!isLiteral({var})) }}")


_SUMMARY = f"VALUES ?p {{ {' '.join(p.n3() for p in SUMMARY)} }} ?s ?p ?o ."

# The nodes whose sources are shown: the members, and what links into them unless it endures.
_SOURCED = f"""
  {{ {_members("?sourced")} }}
  UNION {{
    {_members("?member")} ?sourced ?in ?member .
    FILTER NOT EXISTS {{ VALUES ?kind {{ {" ".join(k.n3() for k in ENDURING)} }} ?sourced a ?kind }}
  }}"""


def _spans(spans: str) -> str:
    """The triples of the spans that ``spans`` binds to ?span, and of their selectors, as ?s ?p ?o."""
    return (f"{{ {spans} ?span ?p ?o . BIND(?span AS ?s) }} "
            f"UNION {{ {spans} ?span {OA.hasSelector.n3()} ?s . ?s ?p ?o . }}")


_SOURCED_SPANS = f"{{ SELECT DISTINCT ?span WHERE {{ {_SOURCED} ?sourced {_DERIVED} ?span . }} }}"
_READ_FROM_RESOURCE = f"?span {OA.hasSource.n3()} $resource ."

# The identifying chains are followed from the distinct neighbours in a subquery of
# their own: joined in place, Oxigraph took five times as long.
_QUERY = f"""
CONSTRUCT {{ ?s ?p ?o }}
WHERE {{
  {{ {_members("?s")} ?s ?p ?o . }}
  UNION {{ {_members("?o")} ?s ?p ?o . }}
  UNION {{
    {_members("?member")} ?member ?link ?s .
    FILTER(isIRI(?s) && STRSTARTS(STR(?s), CONCAT(STR(?member), "#")))
    ?s ?p ?o .
  }}
  UNION {{ {{ {_neighbours("?s")} }} {_SUMMARY} }}
  UNION {{
    {{ SELECT DISTINCT ?s WHERE {{ {{ {_neighbours("?neighbour")} }} ?neighbour ({_alternatives(IDENTIFIED_BY)})+ ?s . }} }}
    {_SUMMARY}
  }}
  UNION {{
    {{ SELECT DISTINCT ?s ?span WHERE {{ {_SOURCED} ?sourced {_DERIVED} ?span . BIND(?sourced AS ?s) }} }}
    BIND({_DERIVED} AS ?p) BIND(?span AS ?o)
  }}
  UNION {_spans(_SOURCED_SPANS)}
  UNION {{ {_READ_FROM_RESOURCE} ?s {_DERIVED} ?span . BIND({_DERIVED} AS ?p) BIND(?span AS ?o) }}
  UNION {_spans(_READ_FROM_RESOURCE)}
}}"""

# When each graph holding anything said about these subjects was last published, from the
# change log; and when any document was last deleted, since a deleted graph says nothing more.
_PUBLISHED = f"""
SELECT ?graphs ?logged ?latest ?deleted WHERE {{
  {{
    SELECT (COUNT(DISTINCT ?graph) AS ?graphs) (COUNT(DISTINCT ?version) AS ?logged) (MAX(?time) AS ?latest) WHERE {{
      {{ SELECT DISTINCT ?graph WHERE {{ VALUES ?s {{ $subjects }} GRAPH ?graph {{ ?s ?p ?o }} FILTER(?graph != $log) }} }}
      OPTIONAL {{
        {{ SELECT ?graph (SAMPLE(?v) AS ?version) (MAX(?t) AS ?time) WHERE {{
             GRAPH $log {{ ?v {DCTERMS.isVersionOf.n3()} ?graph ; {PROV.generatedAtTime.n3()} ?t }}
           }} GROUP BY ?graph }}
      }}
    }}
  }}
  OPTIONAL {{
    SELECT (MAX(?t) AS ?deleted) WHERE {{ GRAPH $log {{ ?v a {changes.DELETE.n3()} ; {PROV.generatedAtTime.n3()} ?t }} }}
  }}
}}"""


# Characters SPARQL forbids in an IRI; none of ours contains them, so a request naming them is for nothing.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def describe(store: Store, resource: URIRef) -> Graph:
    """The description of ``resource``, with our prefixes bound.

    It holds no triple about the resource if the store knows nothing of it. Its
    triples are added in a fixed order, so that it serialises to the same bytes
    while the store holds the same data.
    """
    if _NOT_IN_IRI.search(resource):
        return Graph()
    found = store.construct(_QUERY.replace("$resource", resource.n3()))
    graph = Graph()
    bind_prefixes(graph)
    for triple in sorted(found):
        graph.add(triple)
    return graph


def last_modified(store: Store, iris: Iris, description: Graph) -> datetime | None:
    """When the data a description was read from last changed: the latest publication of
    the graphs holding it, or the latest deletion of any document if that came later.

    None if a graph it was read from is not in the change log, or if that time lies in the
    current second: HTTP dates count whole seconds, so a change later in the same second
    would carry the same date.
    """
    subjects = {s for s in description.subjects() if isinstance(s, URIRef)}
    if not subjects:
        return None
    query = (_PUBLISHED.replace("$subjects", " ".join(s.n3() for s in sorted(subjects)))
             .replace("$log", changes.log_graph(iris).n3()))
    row = store.select(query)[0]
    if "latest" not in row or int(row["logged"]) < int(row["graphs"]):
        return None
    latest = max(row[name].toPython() for name in ("latest", "deleted") if name in row)
    if latest.replace(microsecond=0) >= datetime.now(UTC).replace(microsecond=0):
        return None
    return latest
