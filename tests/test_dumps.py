"""Dumps of the dataset and of each council: gzipped N-Quads (a graph per document) and Turtle
(their union), as the store holds them, written one graph at a time, and written again only
when the change log says that their documents changed."""

from __future__ import annotations

import gzip
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from api import create_app
from converters import Source
from openminutes import changes, dumps
from openminutes.publish import publish
from openminutes.settings import Settings
from openminutes.vocab import OM

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
COUNCILS = {
    "ashcombe-borough-council": "ashcombe-full-council-2025-09-18.txt",
    "brackenford-county-council": "brackenford-cabinet-2025-06-03.txt",
    "harbury-vale-district-council": "harbury-vale-planning-committee-2025-03-12.txt",
}


@pytest.fixture
def settings(iris, tmp_path) -> Settings:
    return Settings(base_iri=iris.base, data_dir=tmp_path)


@pytest.fixture
def client(settings, store) -> TestClient:
    return TestClient(create_app(settings, store))


@pytest.fixture
def documents(store, iris) -> dict[str, URIRef]:
    """Every sample published, by the slug of its council."""
    return {council: publish(store, Source.from_path(SAMPLES / name), iris).document
            for council, name in COUNCILS.items()}


def stored(store, iris) -> dict[URIRef, Graph]:
    """The document graphs, as the store holds them."""
    return {graph: store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
            for graph in store.graphs() if graph != changes.log_graph(iris)}


def download(client: TestClient, path: str) -> bytes:
    response = client.get(f"/dumps/{path}")
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "application/gzip"
    return gzip.decompress(response.content)


def quads(data: bytes) -> dict[URIRef, Graph]:
    dataset = Dataset()
    dataset.parse(data=data, format="nquads")
    graphs = {}
    for named in dataset.graphs():
        if len(named) and named.identifier != dataset.default_context.identifier:
            graphs[named.identifier] = Graph()
            for triple in named:
                graphs[named.identifier].add(triple)
    return graphs


def test_the_nquads_dump_holds_every_document_graph_and_not_the_log(client, store, iris, documents):
    dumped = quads(download(client, "openminutes.nq.gz"))
    expected = stored(store, iris)

    assert set(dumped) == set(documents.values()) == set(expected)
    for graph in expected:
        assert isomorphic(dumped[graph], expected[graph]), f"{graph} differs from the store"


def test_the_turtle_dump_is_the_union_of_the_document_graphs(client, store, iris, documents):
    union = Graph()
    for graph in stored(store, iris).values():
        union += graph

    dumped = Graph().parse(data=download(client, "openminutes.ttl.gz"), format="turtle")

    assert isomorphic(dumped, union)


def test_each_council_has_dumps_of_its_own_documents_only(client, store, iris, documents):
    expected = stored(store, iris)
    for council, document in documents.items():
        assert quads(download(client, f"council/{council}.nq.gz")).keys() == {document}
        dumped = Graph().parse(data=download(client, f"council/{council}.ttl.gz"), format="turtle")
        assert isomorphic(dumped, expected[document])


def test_a_dump_is_written_again_only_when_the_log_says_its_documents_changed(store, iris, settings, documents):
    where = dumps.directory(settings)

    def files() -> dict[str, int]:  # a file written again is a new file: os.replace gives it a new inode
        return {dump.path: os.stat(where / dump.path).st_ino for dump in dumps.refresh(store, iris, where)}

    first = files()
    publish(store, Source.from_path(SAMPLES / COUNCILS["ashcombe-borough-council"]), iris)  # unchanged
    assert files() == first

    corrected = Source.from_path(SAMPLES / COUNCILS["brackenford-county-council"])
    publish(store, Source(corrected.data.replace(b"Committee Room 2", b"Committee Room 3"), corrected.name), iris)
    second = files()
    changes.delete_graph(store, iris, documents["harbury-vale-district-council"])
    third = files()

    rewritten = {path for path in first if second[path] != first[path]}
    assert rewritten == {f"{part}.{ext}.gz" for part in ("openminutes", "council/brackenford-county-council")
                         for ext in ("nq", "ttl")}
    assert set(third) == set(first) - {f"council/harbury-vale-district-council.{ext}.gz" for ext in ("nq", "ttl")}
    assert not (where / "council" / "harbury-vale-district-council.nq.gz").exists()


def test_a_dump_is_written_one_document_graph_at_a_time(store, iris, settings, documents, monkeypatch):
    asked = []
    query = store.query

    def recorded(sparql: str, accept: str):
        asked.append(sparql)
        return query(sparql, accept)

    monkeypatch.setattr(store, "query", recorded)

    dumps.refresh(store, iris, dumps.directory(settings))

    reads = [sparql for sparql in asked if sparql.startswith("CONSTRUCT")]
    assert reads, "the dumps are read from the store with CONSTRUCT queries"
    assert all(sparql.count("GRAPH <") == 1 for sparql in reads)
    # the whole dataset and each council's part, in two formats, each reading each of its graphs once
    assert len(reads) == 2 * (len(documents) + len(documents))


def test_the_same_data_make_the_same_files(store, iris, tmp_path, documents):
    first = {d.path: d.sha256 for d in dumps.refresh(store, iris, tmp_path / "one")}
    second = {d.path: d.sha256 for d in dumps.refresh(store, iris, tmp_path / "two")}

    assert first == second
    for path, sha256 in first.items():
        assert hashlib.sha256((tmp_path / "one" / path).read_bytes()).hexdigest() == sha256


def test_a_dump_answers_conditional_requests_and_unknown_dumps_are_404(client, documents):
    served = client.get("/dumps/openminutes.nq.gz")

    assert served.headers["ETag"] == f'"{hashlib.sha256(served.content).hexdigest()}"'
    again = client.get("/dumps/openminutes.nq.gz", headers={"If-None-Match": served.headers["ETag"]})
    assert again.status_code == 304
    missing = client.get("/dumps/council/nowhere.nq.gz")
    assert missing.status_code == 404
    assert "/catalog" in missing.text


def test_an_empty_store_has_empty_dumps_of_the_dataset(client, store):
    assert download(client, "openminutes.nq.gz") == b""
    assert client.get("/dumps/council/ashcombe-borough-council.nq.gz").status_code == 404


def test_the_command_line_writes_the_dumps(tmp_path):
    environment = {**os.environ, "OPENMINUTES_DATA_DIR": str(tmp_path / "data"),
                   "OPENMINUTES_BASE_IRI": "http://test.example/"}

    def openminutes(*args):
        return subprocess.run([sys.executable, "-m", "openminutes", *args], capture_output=True, text=True,
                              env=environment, timeout=120)

    assert openminutes("load", str(SAMPLES / COUNCILS["brackenford-county-council"])).returncode == 0
    written = openminutes("dump")

    assert written.returncode == 0, written.stderr
    dump = tmp_path / "data" / "dumps" / "council" / "brackenford-county-council.nq.gz"
    assert str(dump) in written.stdout
    assert hashlib.sha256(dump.read_bytes()).hexdigest() in written.stdout
    (graph,) = quads(gzip.decompress(dump.read_bytes())).values()
    assert any(graph.subjects(OM.recordedIn, None))
