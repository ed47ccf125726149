"""The change log and the change feed (LDES) that serves it: a harvester following the feed
from its start, over real HTTP, ends with exactly the dataset of the full dump."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV

from api import create_app
from api.feed import LDES, START, TREE
from converters import Source, convert
from openminutes import changes
from openminutes.publish import publish
from openminutes.settings import Settings
from openminutes.store import StoreError
from openminutes.vocab import OM, Iris
from servers import free_port, serving

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
TRIG = "application/trig"
PAGE_SIZE = 2
OLD_VENUE, NEW_VENUE = b"Committee Room 2 - Shire Hall", b"Committee Room 3 - Shire Hall"


@pytest.fixture(scope="module")
def service(oxigraph, tmp_path_factory):
    """A real uvicorn serving the shared store, at the address its IRIs are minted under."""
    settings = Settings(port=free_port(), data_dir=tmp_path_factory.mktemp("feed"), feed_page_size=PAGE_SIZE)
    with serving(create_app(settings, oxigraph.store), settings.port):
        yield settings


@pytest.fixture
def http(service, store):
    with httpx.Client(base_url=service.base, timeout=30) as client:
        yield client


@pytest.fixture
def service_iris(service) -> Iris:
    return Iris(service.base)


def sample(name: str) -> Source:
    return Source.from_path(SAMPLES / name)


def three_samples() -> list[Source]:
    """Three documents of three councils."""
    names = ("ashcombe-full-council-2025-09-18.txt", "brackenford-cabinet-2025-06-03.txt",
             "harbury-vale-planning-committee-2025-03-12.txt")
    return [sample(name) for name in names]


def corrected_brackenford() -> Source:
    original = sample("brackenford-cabinet-2025-06-03.txt")
    assert OLD_VENUE in original.data
    return Source(original.data.replace(OLD_VENUE, NEW_VENUE), original.name)


def harvest(http: httpx.Client) -> tuple[Dataset, list[URIRef], list[httpx.Response]]:
    """What a harvester does: follow the feed from /feed, applying each version in order
    (a create or update puts the document's graph, a delete drops it)."""
    harvested = Dataset()
    applied, pages = [], []
    response = http.get("/feed", headers={"Accept": TRIG}, follow_redirects=True)
    while True:
        response.raise_for_status()
        pages.append(response)
        page = Dataset()
        page.parse(data=response.content, format="trig")
        described = page.default_graph
        stream = next(described.subjects(RDF.type, LDES.EventStream))
        kinds = {k: described.value(stream, p) for k, p in
                 (("create", LDES.versionCreateObject), ("update", LDES.versionUpdateObject),
                  ("delete", LDES.versionDeleteObject))}
        members = sorted(described.objects(stream, TREE.member),
                         key=lambda m: described.value(m, PROV.generatedAtTime).toPython())
        for member in members:
            document = described.value(member, DCTERMS.isVersionOf)
            kind = described.value(member, RDF.type)
            harvested.remove_graph(harvested.graph(document))
            if kind in (kinds["create"], kinds["update"]):
                target = harvested.graph(document)
                for triple in page.graph(member):
                    target.add(triple)
            else:
                assert kind == kinds["delete"]
            applied.append(kind)
        following = [described.value(r, TREE.node) for r in described.objects(URIRef(str(response.url)), TREE.relation)]
        if not following:
            return harvested, applied, pages
        response = http.get(str(following[0]), headers={"Accept": TRIG})


def named_graphs(dataset: Dataset) -> dict[URIRef, Graph]:
    graphs = {}
    for named in dataset.graphs():
        if len(named) and isinstance(named.identifier, URIRef) and named.identifier != dataset.default_graph.identifier:
            graphs[named.identifier] = Graph()
            for triple in named:
                graphs[named.identifier].add(triple)
    return graphs


def full_dump(http: httpx.Client) -> Dataset:
    response = http.get("/dumps/openminutes.nq.gz")
    response.raise_for_status()
    dump = Dataset()
    dump.parse(data=gzip.decompress(response.content), format="nquads")
    return dump


def test_a_harvester_following_the_feed_ends_with_the_dataset_of_the_full_dump(http, store, service_iris):
    ashcombe, brackenford, harbury = (publish(store, source, service_iris).document for source in three_samples())
    publish(store, corrected_brackenford(), service_iris)
    publish(store, sample("ashcombe-full-council-2025-09-18.txt"), service_iris)  # unchanged: no version
    changes.delete_graph(store, service_iris, ashcombe)

    harvested, applied, pages = harvest(http)

    assert applied == [changes.CREATE] * 3 + [changes.UPDATE, changes.DELETE]
    assert len(pages) == 3  # five versions, two to a page
    expected = named_graphs(full_dump(http))
    got = named_graphs(harvested)
    assert set(expected) == {brackenford, harbury}
    assert set(got) == set(expected)
    for document in expected:
        assert isomorphic(got[document], expected[document]), f"{document} differs from the dump"
    names = " ".join(str(name) for name in got[brackenford].objects(None, OM.name))
    assert NEW_VENUE.decode() in names and OLD_VENUE.decode() not in names


def test_pages_that_link_to_a_next_page_are_immutable_and_the_latest_is_short_lived(http, store, service, service_iris):
    for source in three_samples():
        publish(store, source, service_iris)

    _, _, (first, latest) = harvest(http)

    assert first.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert latest.headers["Cache-Control"] == service.cache_control
    for page in (first, latest):
        assert page.headers["Vary"] == "Accept" or "Accept" in page.headers["Vary"]
        again = http.get(str(page.url), headers={"Accept": TRIG, "If-None-Match": page.headers["ETag"]})
        assert again.status_code == 304
    publish(store, corrected_brackenford(), service_iris)
    grown = http.get(str(latest.url), headers={"Accept": TRIG, "If-None-Match": latest.headers["ETag"]})
    assert grown.status_code == 200, "the latest page must change when a version is added"
    assert http.get(str(first.url), headers={"Accept": TRIG}).content == first.content


def test_each_member_holds_its_version_in_a_graph_of_its_own(http, store, service_iris):
    first = publish(store, sample("brackenford-cabinet-2025-06-03.txt"), service_iris)
    publish(store, corrected_brackenford(), service_iris)

    page = Dataset()
    page.parse(data=http.get("/feed", headers={"Accept": TRIG}, follow_redirects=True).content, format="trig")

    described = page.default_graph
    versions = sorted(described.subjects(DCTERMS.isVersionOf, first.document), key=str)
    assert len(versions) == 2
    contents = [named_graphs(page)[version] for version in versions]
    assert not isomorphic(contents[0], contents[1])
    for version, content in zip(versions, contents):
        assert str(version).startswith(f"{first.document}#v")
        assert (first.document, RDF.type, OM.Document) in content
        assert described.value(version, PROV.generatedAtTime) is not None


@pytest.mark.parametrize("media_type, rdflib_format", [
    ("application/trig", "trig"), ("application/n-quads", "nquads"), ("application/ld+json", "json-ld"),
])
def test_a_page_is_served_in_every_format_that_holds_named_graphs(http, store, service_iris, media_type, rdflib_format):
    published = publish(store, sample("brackenford-cabinet-2025-06-03.txt"), service_iris)

    response = http.get("/feed", headers={"Accept": media_type}, follow_redirects=True)

    assert response.headers["Content-Type"].startswith(media_type)
    page = Dataset()
    page.parse(data=response.content, format=rdflib_format)
    (member,) = page.default_graph.subjects(DCTERMS.isVersionOf, published.document)
    assert len(page.graph(member)) == published.triples


def test_a_page_refuses_formats_without_named_graphs(http, store):
    response = http.get("/feed", headers={"Accept": "text/turtle"}, follow_redirects=True)

    assert response.status_code == 406
    assert "application/trig" in response.text


def test_pages_are_named_by_times_in_one_form(http, store):
    assert http.get("/feed/2025-01-01T00:00:00Z").headers["Location"].endswith("/feed/2025-01-01T00:00:00.000000Z")
    missing = http.get("/feed/yesterday")
    assert missing.status_code == 404
    assert missing.text.count("\n") == 1 and "/feed" in missing.text
    assert http.get("/feed/2025-01-01T00:00:00").status_code == 404  # a time without its zone


def test_republishing_the_same_minutes_adds_no_version(store, iris):
    publish(store, sample("brackenford-cabinet-2025-06-03.txt"), iris)
    publish(store, sample("brackenford-cabinet-2025-06-03.txt"), iris)

    assert [version.kind for version in changes.versions(store, iris, START, 10)] == [changes.CREATE]


def test_the_triples_of_a_replaced_version_are_in_the_feed_but_not_in_the_dataset(store, iris):
    first = publish(store, sample("brackenford-cabinet-2025-06-03.txt"), iris)
    publish(store, corrected_brackenford(), iris)
    old, new = changes.versions(store, iris, START, 10)
    old_only = Graph().parse(data=old.content, format="nt") - Graph().parse(data=new.content, format="nt")
    assert old_only

    # The default graph public queries see is the union of every graph, the log's too.
    for s, p, o in old_only:
        assert not store.ask(f"ASK {{ {s.n3()} {p.n3()} {o.n3()} }}"), (s, p, o)
    log = _graph(store, changes.log_graph(iris))
    assert {str(v) for v in log.subjects(DCTERMS.isVersionOf, first.document)} == {str(old.member), str(new.member)}
    longest = max(len(str(term)) for term in log.objects())
    assert longest < 200, "the log holds a few short facts about each version, not its triples"


def test_a_version_whose_logging_fails_is_not_logged_and_leaves_the_store_as_it_was(store, iris, monkeypatch):
    first = publish(store, sample("brackenford-cabinet-2025-06-03.txt"), iris)
    before = _graph(store, first.document)

    def failing(sparql: str) -> None:
        raise StoreError("the store went away")

    monkeypatch.setattr(store, "update", failing)
    with pytest.raises(StoreError):
        publish(store, corrected_brackenford(), iris)
    monkeypatch.undo()

    assert isomorphic(_graph(store, first.document), before)
    [version] = changes.versions(store, iris, START, 10)
    assert isomorphic(Graph().parse(data=version.content, format="nt"), before)


def _graph(store, name: URIRef) -> Graph:
    return store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {name.n3()} {{ ?s ?p ?o }} }}")


def test_times_in_the_log_increase_even_when_the_clock_goes_back(store, iris, monkeypatch):
    publish(store, sample("brackenford-cabinet-2025-06-03.txt"), iris)
    first = changes.versions(store, iris, START, 1)[0]
    past = first.time.replace(year=first.time.year - 1)

    class Backwards:
        @staticmethod
        def now(tz=None):
            return past

    monkeypatch.setattr(changes, "datetime", Backwards)
    second = changes.delete_graph(store, iris, first.document)

    assert second.time > first.time


def test_a_publication_and_a_deletion_are_each_one_write_of_graph_and_log_together(store, iris, monkeypatch):
    writes = []
    update = store.update

    def recorded(sparql: str) -> None:
        writes.append(sparql)
        update(sparql)

    monkeypatch.setattr(store, "update", recorded)
    for method in ("put_graph", "delete_graph"):
        monkeypatch.setattr(store, method, lambda *args, name=method: writes.append(name))

    published = publish(store, sample("brackenford-cabinet-2025-06-03.txt"), iris)
    changes.delete_graph(store, iris, published.document)

    assert len(writes) == 2
    for write in writes:
        assert f"DROP SILENT GRAPH <{published.document}>" in write
        assert f"GRAPH <{changes.log_graph(iris)}>" in write


def test_the_store_applies_an_update_request_whole_or_not_at_all(store):
    # The log relies on this: the graph's change and its log entry are operations of one request.
    with pytest.raises(StoreError):
        store.update("INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/s> <http://example.org/p> 1 } } ;"
                     " DROP GRAPH <http://example.org/absent>")

    assert store.graphs() == []


def test_deleting_what_is_not_published_is_refused(store, iris):
    with pytest.raises(changes.NotPublished):
        changes.delete_graph(store, iris, URIRef(iris.base + "id/document/nothing/minutes"))
    with pytest.raises(changes.NotPublished):
        changes.delete_graph(store, iris, URIRef("not an IRI"))


def test_the_command_line_deletes_a_document_and_logs_it(tmp_path):
    environment = {"OPENMINUTES_DATA_DIR": str(tmp_path / "data"), "OPENMINUTES_BASE_IRI": "http://test.example/"}

    def openminutes(*args):
        return subprocess.run([sys.executable, "-m", "openminutes", *args], capture_output=True, text=True,
                              env={**os.environ, **environment}, timeout=120)

    source = sample("brackenford-cabinet-2025-06-03.txt")
    document = convert(source, Iris(environment["OPENMINUTES_BASE_IRI"])).document
    loaded = openminutes("load", str(SAMPLES / source.name))
    assert loaded.returncode == 0, loaded.stderr

    deleted = openminutes("delete", document)
    again = openminutes("delete", document)

    assert deleted.returncode == 0, deleted.stderr
    assert f"{document}#v" in deleted.stdout
    assert again.returncode == 2
    assert again.stderr == f"openminutes: no document {document} is published\n"
