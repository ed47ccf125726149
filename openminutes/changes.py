"""The change log: every version of every document graph, kept in the store beside the data.

Publishing or deleting a document is one SPARQL update that both replaces (or drops) the
document's named graph and appends the new version to the log graph. The store applies an
update request as one transaction (Oxigraph does), so after a crash either both happened or
neither did: the log never disagrees with the data it describes. A harvester that applies the
log in order (api/feed.py serves it) therefore ends with exactly the dataset the store holds.

A version is ``<document>#v<time>``: an ``as:Create``, ``as:Update`` or ``as:Delete`` of the
document, with the time it entered the log and, unless it is a deletion, the version's triples
(gzip-compressed N-Triples, base64-encoded, so that the public endpoint, which queries the
union of all graphs, sees one opaque literal and not the triples of versions since replaced).
"""

from __future__ import annotations

import base64
import gzip
import re
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pyoxigraph
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, VOID

from openminutes.store import Store
from openminutes.vocab import Iris

AS = Namespace("https://www.w3.org/ns/activitystreams#")
CNT = Namespace("http://www.w3.org/2011/content#")
CREATE, UPDATE, DELETE = AS.Create, AS.Update, AS.Delete

_NTRIPLES = pyoxigraph.RdfFormat.N_TRIPLES
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
_TICK = timedelta(microseconds=1)
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
# One writer at a time, so that times in the log increase in the order the store applied the writes.
_writing = threading.Lock()


class NotPublished(Exception):
    """There is no such document to delete."""


@dataclass(frozen=True)
class Version:
    member: URIRef  # <document>#v<time>
    document: URIRef
    kind: URIRef  # CREATE, UPDATE or DELETE
    time: datetime
    triples: int  # 0 for a deletion
    content: bytes | None = None  # the version's N-Triples, when asked for; None for a deletion


def log_graph(iris: Iris) -> URIRef:
    """The named graph that holds the log; also the IRI of the event stream that serves it."""
    return URIRef(iris.base + "feed")


def stamp(time: datetime) -> str:
    """A time as the log writes it: UTC, to the microsecond."""
    return time.astimezone(UTC).strftime(_TIME_FORMAT)


def put_graph(store: Store, iris: Iris, document: URIRef, graph: Graph) -> Version | None:
    """Replace the document's graph with ``graph`` and log the new version.

    Nothing is written if the graph is the one the latest version already holds.
    """
    content = _as_stored(graph)
    packed = base64.b64encode(gzip.compress(content.encode(), mtime=0)).decode("ascii")
    with _writing:
        latest = _latest(store, iris, document)
        live = latest is not None and latest["kind"] != DELETE
        if live and str(latest.get("content", "")) == packed:
            return None
        version = _next_version(store, iris, document, UPDATE if live else CREATE, content.count("\n"))
        store.update(
            f"DROP SILENT GRAPH {document.n3()} ;\n"
            f"INSERT DATA {{\n GRAPH {document.n3()} {{\n{content} }}\n"
            f" GRAPH {log_graph(iris).n3()} {{ {_description(version, packed)} }}\n}}"
        )
    return version


def delete_graph(store: Store, iris: Iris, document: URIRef) -> Version:
    """Drop the document's graph and log its deletion; :class:`NotPublished` if there is none."""
    if _NOT_IN_IRI.search(document) or ":" not in document:
        raise NotPublished(f"{document!r} is not an IRI")
    with _writing:
        latest = _latest(store, iris, document)
        live = latest is not None and latest["kind"] != DELETE
        if not live and not store.ask(f"ASK {{ GRAPH {document.n3()} {{ ?s ?p ?o }} }}"):
            raise NotPublished(f"no document {document} is published")
        version = _next_version(store, iris, document, DELETE, 0)
        store.update(
            f"DROP SILENT GRAPH {document.n3()} ;\n"
            f"INSERT DATA {{ GRAPH {log_graph(iris).n3()} {{ {_description(version)} }} }}"
        )
    return version


def versions(store: Store, iris: Iris, since: datetime, limit: int) -> list[Version]:
    """The first ``limit`` versions logged at or after ``since``, in order, with their triples."""
    rows = store.select(f"""
        SELECT ?member ?document ?kind ?time ?triples ?content WHERE {{
          GRAPH {log_graph(iris).n3()} {{
            ?member {DCTERMS.isVersionOf.n3()} ?document ; a ?kind ; {PROV.generatedAtTime.n3()} ?time .
            OPTIONAL {{ ?member {VOID.triples.n3()} ?triples }}
            OPTIONAL {{ ?member {CNT.bytes.n3()} ?content }}
          }}
          FILTER(?time >= {_time_literal(since).n3()})
        }}
        ORDER BY ?time
        LIMIT {int(limit)}""")
    return [
        Version(
            row["member"], row["document"], row["kind"], row["time"].toPython(),
            int(row.get("triples", 0)),
            gzip.decompress(base64.b64decode(str(row["content"]))) if "content" in row else None,
        )
        for row in rows
    ]


def current(store: Store, iris: Iris) -> dict[URIRef, URIRef]:
    """The latest version of every document that is published, by document."""
    rows = store.select(f"""
        SELECT ?document ?member WHERE {{
          {{ SELECT ?document (MAX(?t) AS ?time) WHERE {{
               GRAPH {log_graph(iris).n3()} {{ ?m {DCTERMS.isVersionOf.n3()} ?document ; {PROV.generatedAtTime.n3()} ?t }}
             }} GROUP BY ?document }}
          GRAPH {log_graph(iris).n3()} {{
            ?member {DCTERMS.isVersionOf.n3()} ?document ; {PROV.generatedAtTime.n3()} ?time .
            FILTER NOT EXISTS {{ ?member a {DELETE.n3()} }}
          }}
        }}""")
    return {row["document"]: row["member"] for row in rows}


def span(store: Store, iris: Iris) -> tuple[datetime, datetime] | None:
    """The times of the first and the latest change, if anything was ever published."""
    rows = store.select(f"""
        SELECT (MIN(?t) AS ?first) (MAX(?t) AS ?last) WHERE {{
          GRAPH {log_graph(iris).n3()} {{ ?m {PROV.generatedAtTime.n3()} ?t }}
        }}""")
    if not rows or "first" not in rows[0]:
        return None
    return rows[0]["first"].toPython(), rows[0]["last"].toPython()


def _latest(store: Store, iris: Iris, document: URIRef) -> dict | None:
    rows = store.select(f"""
        SELECT ?kind ?content WHERE {{
          GRAPH {log_graph(iris).n3()} {{
            ?member {DCTERMS.isVersionOf.n3()} {document.n3()} ; a ?kind ; {PROV.generatedAtTime.n3()} ?time .
            OPTIONAL {{ ?member {CNT.bytes.n3()} ?content }}
          }}
        }}
        ORDER BY DESC(?time)
        LIMIT 1""")
    return rows[0] if rows else None


def _as_stored(graph: Graph) -> str:
    """The graph as sorted N-Triples, each literal in the form the store keeps it.

    Oxigraph stores a literal by its value, so ``"3"^^xsd:positiveInteger`` comes back as
    ``"3"^^xsd:integer`` and ``"1.50"^^xsd:decimal`` as ``"1.5"`` (measured, Oxigraph 0.5).
    The log must hold what the store serves, or a harvester would not end with the dataset;
    pyoxigraph's own store normalises the same way, and the normalised form is what is stored.
    """
    staging = pyoxigraph.Store()
    staging.load(graph.serialize(format="nt", encoding="utf-8"), _NTRIPLES)
    lines = staging.dump(format=_NTRIPLES, from_graph=pyoxigraph.DefaultGraph()).decode().splitlines(keepends=True)
    return "".join(sorted(line for line in lines if line.strip()))


def _next_version(store: Store, iris: Iris, document: URIRef, kind: URIRef, triples: int) -> Version:
    """A version timed now, or just after the latest in the log if the clock says otherwise."""
    time = datetime.now(UTC)
    last = span(store, iris)
    if last is not None and time <= last[1]:
        time = last[1] + _TICK
    return Version(URIRef(f"{document}#v{stamp(time)}"), document, kind, time, triples)


def _time_literal(time: datetime) -> Literal:
    return Literal(stamp(time), datatype=XSD.dateTime)


def _description(version: Version, packed: str | None = None) -> str:
    """The version's log entry, with its packed triples unless it is a deletion, for INSERT DATA."""
    member = version.member.n3()
    statements = [
        (RDF.type, version.kind),
        (DCTERMS.isVersionOf, version.document),
        (PROV.generatedAtTime, _time_literal(version.time)),
    ]
    if packed is not None:
        statements += [(VOID.triples, Literal(version.triples)), (CNT.bytes, Literal(packed, datatype=XSD.base64Binary))]
    return " ".join(f"{member} {p.n3()} {o.n3()} ." for p, o in statements)
