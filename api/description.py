"""What the document about a resource says: the SPARQL that gathers it from the store.

A description holds, in full, the resource and its parts (the attendances and
agenda items of a meeting, the reports, resolutions and actions under an item)
and the fragments of any of them (``…#position``); then every link into them;
then a summary of each resource they link to or are linked from: its types, its
names, and what identifies it (a meeting's body and date, an item's number and
meeting), following those identifying links so a page can name what it lists.
"""

from __future__ import annotations

import re

from rdflib import RDF, RDFS, SKOS, Graph, URIRef

from openminutes.store import Store
from openminutes.vocab import OM, bind_prefixes

PART_OF = (OM.meeting, OM.item)
IDENTIFIED_BY = (*PART_OF, OM.body, OM.council, OM.person, OM.substituteFor)
SUMMARY = (
    RDF.type, RDFS.label, SKOS.prefLabel, OM.name, OM.title, OM.date, OM.startTime, OM.itemNumber, OM.position,
    OM.attendanceStatus, OM.meetingRole, OM.jobTitle, *IDENTIFIED_BY,
)


def _alternatives(properties) -> str:
    return "|".join(p.n3() for p in properties)


def _members(var: str) -> str:
    """The resource and its parts, as ``var``."""
    return f"{var} ({_alternatives(PART_OF)})* $resource ."


def _neighbours(var: str) -> str:
    """Everything the resource and its parts link to or are linked from, as ``var``."""
    return (f"SELECT DISTINCT {var} WHERE {{ {_members('?member')} "
            f"{{ ?member ?out {var} }} UNION {{ {var} ?in ?member }} FILTER(!isLiteral({var})) }}")


_SUMMARY = f"VALUES ?p {{ {' '.join(p.n3() for p in SUMMARY)} }} ?s ?p ?o ."

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
}}"""


# Characters SPARQL forbids in an IRI; none of ours contains them, so a request naming them is for nothing.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def describe(store: Store, resource: URIRef) -> Graph:
    """The description of ``resource``, with our prefixes bound.

    It holds no triple about the resource if the store knows nothing of it.
    """
    if _NOT_IN_IRI.search(resource):
        return Graph()
    graph = store.construct(_QUERY.replace("$resource", resource.n3()))
    bind_prefixes(graph)
    return graph
