"""The change log: every version of every document graph, kept in the store beside the data.

Publishing or deleting a document is one SPARQL update that both replaces (or drops) the
document's named graph and appends the new version to the log graph. The store applies an
update request as one transaction (Oxigraph does), so after a crash either both happened or
neither did: the log never disagrees with the data it describes. A harvester that applies the
log in order (api/feed.py serves it) therefore ends with exactly the dataset the store holds.

A version is ``<document>#v<time>``: an ``as:Create``, ``as:Update`` or ``as:Delete`` of the
document, with the time it entered the log and, unless it is a deletion, its number of triples
and the SHA-256 of its sorted N-Triples. The triples themselves are kept in a file named by that
checksum in the store's ``contents`` directory, written before the update that logs them: the
public endpoint, which queries the union of all graphs, sees a few triples about each version
and not the triples of versions since replaced or deleted. A file whose update failed is never
named by the log, and a version's file never changes once written.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from datetime import UTC, datetime, timedelta

import pyoxigraph
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, VOID

from openminutes.store import Store
from openminutes.vocab import SPDX, Iris

AS = Namespace("https://www.w3.org/ns/activitystreams#")
CREATE, UPDATE, DELETE = AS.Create, AS.Update, AS.Delete

_NTRIPLES = pyoxigraph.RdfFormat.N_TRIPLES
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
_TICK = timedelta(microseconds=1)
_CHECKSUM = f"{SPDX.checksum.n3()}/{SPDX.checksumValue.n3()}"
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
    checksum = hashlib.sha256(content.encode()).hexdigest()
    with _writing:
        latest = _latest(store, iris, document)
        live = latest is not None and latest["kind"] != DELETE
        if live and str(latest.get("checksum", "")) == checksum:
            return None
        version = _next_version(store, iris, document, UPDATE if live else CREATE, content.count("\n"))
        _keep(store, checksum, content)
        store.update(
            f"DROP SILENT GRAPH {document.n3()} ;\n"
            f"INSERT DATA {{\n GRAPH {document.n3()} {{\n{content} }}\n"
            f" GRAPH {log_graph(iris).n3()} {{ {_description(version, checksum)} }}\n}}"
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
        SELECT ?member ?document ?kind ?time ?triples ?checksum WHERE {{
          GRAPH {log_graph(iris).n3()} {{
            ?member {DCTERMS.isVersionOf.n3()} ?document ; a ?kind ; {PROV.generatedAtTime.n3()} ?time .
            OPTIONAL {{ ?member {VOID.triples.n3()} ?triples }}
            OPTIONAL {{ ?member {_CHECKSUM} ?checksum }}
          }}
          FILTER(?time >= {_time_literal(since).n3()})
        }}
        ORDER BY ?time
        LIMIT {int(limit)}""")
    return [
        Version(
            row["member"], row["document"], row["kind"], row["time"].toPython(),
            int(row.get("triples", 0)),
            _kept(store, str(row["checksum"])) if "checksum" in row else None,
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
        SELECT ?kind ?checksum WHERE {{
          GRAPH {log_graph(iris).n3()} {{
            ?member {DCTERMS.isVersionOf.n3()} {document.n3()} ; a ?kind ; {PROV.generatedAtTime.n3()} ?time .
            OPTIONAL {{ ?member {_CHECKSUM} ?checksum }}
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


def _keep(store: Store, checksum: str, content: str) -> None:
    """Writes a version's triples to their file, whole and on disk, unless it is there already."""
    path = _content_path(store, checksum)
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".part", delete=False) as part:
        part.write(gzip.compress(content.encode(), mtime=0))
        part.flush()
        os.fsync(part.fileno())
    os.replace(part.name, path)


def _kept(store: Store, checksum: str) -> bytes:
    return gzip.decompress(_content_path(store, checksum).read_bytes())


def _content_path(store: Store, checksum: str) -> Path:
    return store.contents / f"{checksum}.nt.gz"


def _description(version: Version, checksum: str | None = None) -> str:
    """The version's log entry, with the checksum of its triples unless it is a deletion, for INSERT DATA."""
    member = version.member.n3()
    statements = [
        (RDF.type, version.kind),
        (DCTERMS.isVersionOf, version.document),
        (PROV.generatedAtTime, _time_literal(version.time)),
    ]
    entry = " ".join(f"{member} {p.n3()} {o.n3()} ." for p, o in statements)
    if checksum is None:
        return entry
    return (f"{entry} {member} {VOID.triples.n3()} {Literal(version.triples).n3()} ; {SPDX.checksum.n3()} [ "
            f"a {SPDX.Checksum.n3()} ; {SPDX.algorithm.n3()} {SPDX.checksumAlgorithm_sha256.n3()} ; "
            f"{SPDX.checksumValue.n3()} {Literal(checksum, datatype=XSD.hexBinary).n3()} ] .")
