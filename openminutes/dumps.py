"""Dumps of the whole dataset and of each council's part of it, kept in the data directory.

N-Quads keep the named graph of each source document; Turtle holds their union. Each dump is
written one document graph at a time (a CONSTRUCT per graph, streamed into a gzip file), so
memory holds one document, never the dataset. A dump is written again only when the change
log says that one of its documents was created, replaced or deleted since it was written.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph
from rdflib import URIRef

from openminutes import changes
from openminutes.formats import BY_NAME, RdfFormat
from openminutes.settings import Settings
from openminutes.store import Store
from openminutes.vocab import OM, PREFIXES, Iris, slug

FORMATS = (BY_NAME["nquads"], BY_NAME["turtle"])
DATASET = "openminutes"
COMPRESSED = "application/gzip"
_MANIFEST = "manifest.json"
_NTRIPLES = BY_NAME["ntriples"]
_PREFIXES = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
_refreshing = threading.Lock()


@dataclass(frozen=True)
class Dump:
    part: str  # what it holds: DATASET, or "council/<slug>"
    path: str  # under the dumps directory, and under /dumps/ on the web: "<part>.nq.gz", "<part>.ttl.gz"
    format: str  # a name in openminutes.formats
    council: str | None  # the council's IRI, for a council's dump
    council_name: str | None
    size: int
    sha256: str
    modified: str  # the time of the latest change in the log when it was written (xsd:dateTime)
    fingerprint: str  # the versions of the documents it holds

    @property
    def rdf_format(self) -> RdfFormat:
        return BY_NAME[self.format]


@dataclass(frozen=True)
class _Part:
    """What a dump holds: the whole dataset, or the documents of one council."""

    name: str
    council: URIRef | None
    council_name: str | None
    graphs: tuple[URIRef, ...]


def directory(settings: Settings) -> Path:
    return settings.data_dir / "dumps"


def refresh(store: Store, iris: Iris, where: Path) -> list[Dump]:
    """The dumps of what the store holds now, writing again those whose documents changed."""
    with _refreshing:
        where.mkdir(parents=True, exist_ok=True)
        written = _read_manifest(where)
        latest = changes.current(store, iris)
        span = changes.span(store, iris)
        modified = changes.stamp(span[1] if span else datetime.now(UTC))
        dumps = []
        for part in _parts(store, iris):
            fingerprint = hashlib.sha256(
                "".join(f"{graph} {latest.get(graph, '')}\n" for graph in part.graphs).encode()
            ).hexdigest()
            for rdf_format in FORMATS:
                path = f"{part.name}.{rdf_format.extension}.gz"
                dump = written.get(path)
                if dump is None or dump.fingerprint != fingerprint or not (where / path).exists():
                    size, sha256 = _write(store, where / path, part.graphs, rdf_format)
                    council = str(part.council) if part.council else None
                    dump = Dump(part.name, path, rdf_format.name, council, part.council_name, size, sha256,
                                modified, fingerprint)
                dumps.append(dump)
        for gone in set(written) - {dump.path for dump in dumps}:
            (where / gone).unlink(missing_ok=True)
        _write_manifest(where, dumps)
    return dumps


def _parts(store: Store, iris: Iris) -> list[_Part]:
    rows = store.select(f"""
        SELECT ?graph ?council ?name WHERE {{
          {{ SELECT DISTINCT ?graph WHERE {{ GRAPH ?graph {{ }} FILTER(?graph != {changes.log_graph(iris).n3()}) }} }}
          OPTIONAL {{ GRAPH ?graph {{
            ?meeting {OM.recordedIn.n3()} ?graph ; {OM.body.n3()}/{OM.council.n3()} ?council .
            OPTIONAL {{ ?council {OM.name.n3()} ?name }}
          }} }}
        }}""")
    graphs = sorted({row["graph"] for row in rows})
    councils: dict[URIRef, tuple[str | None, set[URIRef]]] = {}
    for row in rows:
        if "council" in row:
            name, members = councils.setdefault(row["council"], (row.get("name"), set()))
            members.add(row["graph"])
    return [_Part(DATASET, None, None, tuple(graphs))] + [
        _Part(f"council/{slug(council.rsplit('/', 1)[-1])}", council, str(name) if name else None, tuple(sorted(members)))
        for council, (name, members) in sorted(councils.items())
    ]


def _write(store: Store, target: Path, graphs: tuple[URIRef, ...], rdf_format: RdfFormat) -> tuple[int, str]:
    """Write the graphs into ``target``; its size and SHA-256. Equal data make equal files."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    try:
        with partial.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as out:
            pyoxigraph.serialize(_statements(store, graphs, rdf_format.quads), out, rdf_format.oxigraph,
                                 prefixes=_PREFIXES)
        digest = hashlib.sha256()
        with partial.open("rb") as written:
            while chunk := written.read(1 << 20):
                digest.update(chunk)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target.stat().st_size, digest.hexdigest()


def _statements(store: Store, graphs: tuple[URIRef, ...], quads: bool) -> Iterator:
    for graph in graphs:
        answer = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph.n3()} {{ ?s ?p ?o }} }}",
                             _NTRIPLES.media_type)
        name = pyoxigraph.NamedNode(graph)
        for triple in pyoxigraph.parse(answer.content, _NTRIPLES.oxigraph):
            yield pyoxigraph.Quad(triple.subject, triple.predicate, triple.object, name) if quads else triple


def _read_manifest(where: Path) -> dict[str, Dump]:
    try:
        entries = json.loads((where / _MANIFEST).read_text(encoding="utf-8"))
        return {entry["path"]: Dump(**entry) for entry in entries}
    except (OSError, ValueError, TypeError, KeyError):
        return {}  # none yet, or unreadable: every dump is written again


def _write_manifest(where: Path, dumps: list[Dump]) -> None:
    partial = where / (_MANIFEST + ".part")
    partial.write_text(json.dumps([asdict(dump) for dump in dumps], indent=1), encoding="utf-8")
    os.replace(partial, where / _MANIFEST)
