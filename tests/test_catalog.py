"""The DCAT catalogue (/catalog), checked with the DCAT-AP 3.0.0 shapes read where they lie,
and the VoID description (/.well-known/void), checked against what the dumps hold."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pyshacl import validate
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, SH, VOID

from api import create_app
from api.feed import LDES
from converters import Source
from openminutes import changes
from openminutes.formats import BY_MEDIA_TYPE, TRIPLE_FORMATS
from openminutes.publish import publish
from openminutes.settings import Settings
from openminutes.vocab import OM

DCAT_AP = Path(__file__).resolve().parents[1].parent / "shared" / "dcat-ap"
# The profile's shapes, and the class ranges of its properties (the SHACL release's range.ttl);
# the third file of the release restricts values to the EU's controlled vocabularies.
CORE_SHAPES = ("dcat-ap-3.0.0-SHACL.ttl", "dcat-ap-3.0.0-range.ttl")
VOCABULARY_SHAPES = "dcat-ap-3.0.0-mdr-vocabularies.shape.ttl"
SPDX = Namespace("http://spdx.org/rdf/terms#")
IANA = "https://www.iana.org/assignments/media-types/"
SAMPLES = Path(__file__).resolve().parents[1] / "samples"
# Three councils, so that each has a dataset and dumps of its own.
PUBLISHED = ("ashcombe-full-council-2025-09-18.txt", "brackenford-cabinet-2025-06-03.txt",
             "harbury-vale-planning-committee-2025-03-12.txt")
TURTLE = "text/turtle"


@pytest.fixture(scope="module")
def published(oxigraph, iris):
    oxigraph.store.update("DROP ALL")
    for name in PUBLISHED:
        publish(oxigraph.store, Source.from_path(SAMPLES / name), iris)
    return oxigraph.store


@pytest.fixture(scope="module")
def client(published, iris, tmp_path_factory) -> TestClient:
    return TestClient(create_app(Settings(base_iri=iris.base, data_dir=tmp_path_factory.mktemp("catalog")), published))


def fetch(client: TestClient, path: str, media_type: str = TURTLE) -> Graph:
    response = client.get(path, headers={"Accept": media_type})
    assert response.status_code == 200, response.text
    return Graph().parse(data=response.content, format=BY_MEDIA_TYPE[media_type].rdflib)


@pytest.fixture(scope="module")
def catalogue(client) -> Graph:
    return fetch(client, "/catalog")


@pytest.fixture(scope="module")
def void(client) -> Graph:
    return fetch(client, "/.well-known/void")


def shapes(*names: str) -> Graph:
    graph = Graph()
    for name in names:
        graph.parse(DCAT_AP / name, format="turtle")
    return graph


def violations(data: Graph, shapes_graph: Graph) -> tuple[list, str]:
    """The path and value of each top-level result of severity Violation, and the report to print."""
    _, report, text = validate(data, shacl_graph=shapes_graph)
    found = [r for r in report.objects(None, SH.result) if report.value(r, SH.resultSeverity) == SH.Violation]
    return [(report.value(r, SH.resultPath), report.value(r, SH.value)) for r in found], text


def test_the_catalogue_conforms_to_the_dcat_ap_shapes(catalogue):
    found, text = violations(catalogue, shapes(*CORE_SHAPES))

    assert found == [], text


def test_the_catalogue_names_formats_places_and_themes_from_the_eu_vocabularies(catalogue):
    found, text = violations(catalogue, shapes(VOCABULARY_SHAPES))

    # The vocabulary shapes want checksum algorithms under https://spdx.org/rdf/terms, while the SPDX
    # vocabulary that DCAT-AP uses (and its own examples) is http://spdx.org/rdf/terms#: that is the
    # one disagreement left, and it is the shapes file's.
    assert set(found) <= {(SPDX.algorithm, SPDX.checksumAlgorithm_sha256)}, text


def test_each_dump_is_a_distribution_with_the_size_and_checksum_of_the_file_served(client, catalogue, iris):
    described = set()
    for distribution in catalogue.subjects(DCAT.downloadURL, None):
        download = catalogue.value(distribution, DCAT.downloadURL)
        served = client.get(str(download))
        assert served.status_code == 200
        assert int(catalogue.value(distribution, DCAT.byteSize)) == len(served.content)
        checksum = catalogue.value(distribution, SPDX.checksum)
        assert catalogue.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        assert str(catalogue.value(checksum, SPDX.checksumValue)) == hashlib.sha256(served.content).hexdigest()
        assert catalogue.value(distribution, DCAT.compressFormat) == URIRef(IANA + "application/gzip")
        media_type = str(catalogue.value(distribution, DCAT.mediaType)).removeprefix(IANA)
        dataset = next(catalogue.subjects(DCAT.distribution, distribution))
        described.add((catalogue.value(dataset, DCTERMS.subject), media_type))
        BY_MEDIA_TYPE[media_type]  # a format of ours
        gzip.decompress(served.content)

    councils = {iris.council(name) for name in
                ("Ashcombe Borough Council", "Brackenford County Council", "Harbury Vale District Council")}
    assert described == {(council, media_type) for council in (None, *councils)
                         for media_type in ("application/n-quads", "text/turtle")}


def test_the_council_datasets_are_parts_of_the_dataset(catalogue, iris):
    catalog = URIRef(iris.base + "catalog")
    dataset = URIRef(iris.base + "catalog#dataset")
    parts = set(catalogue.objects(dataset, DCTERMS.hasPart))

    assert len(parts) == 3
    assert set(catalogue.objects(catalog, DCAT.dataset)) == parts | {dataset}
    councils = {iris.council(name) for name in
                ("Ashcombe Borough Council", "Brackenford County Council", "Harbury Vale District Council")}
    assert {catalogue.value(part, DCTERMS.subject) for part in parts} == councils
    for part in parts:
        assert catalogue.value(part, DCTERMS.isPartOf) == dataset


def test_the_sparql_endpoint_is_a_data_service_of_the_dataset(catalogue, iris):
    catalog, dataset, sparql = (URIRef(iris.base + p) for p in ("catalog", "catalog#dataset", "sparql"))
    (service,) = catalogue.objects(catalog, DCAT.service)

    assert (service, RDF.type, DCAT.DataService) in catalogue
    assert catalogue.value(service, DCAT.endpointURL) == sparql
    assert catalogue.value(service, DCAT.servesDataset) == dataset
    (distribution,) = catalogue.subjects(DCAT.accessService, service)
    assert (dataset, DCAT.distribution, distribution) in catalogue
    assert catalogue.value(distribution, DCAT.accessURL) == sparql


def test_the_change_feed_is_a_distribution_of_the_dataset(catalogue, iris):
    (feed,) = catalogue.subjects(RDF.type, LDES.EventSource)

    assert (URIRef(iris.base + "catalog#dataset"), DCAT.distribution, feed) in catalogue
    assert catalogue.value(feed, DCAT.accessURL) == changes.log_graph(iris)


def test_issued_and_modified_are_the_first_and_latest_changes(catalogue, published, iris):
    first, latest = changes.span(published, iris)
    catalog = URIRef(iris.base + "catalog")

    assert catalogue.value(catalog, DCTERMS.issued).toPython() == first
    assert catalogue.value(catalog, DCTERMS.modified).toPython() == latest


@pytest.mark.parametrize("path", ["/catalog", "/.well-known/void"])
def test_both_are_negotiated_like_every_document(client, path):
    turtle = fetch(client, path)
    for rdf_format in TRIPLE_FORMATS:
        assert isomorphic(fetch(client, path, rdf_format.media_type), turtle), rdf_format.name
        by_extension = client.get(f"{path}.{rdf_format.extension}", headers={"Accept": "text/html"})
        assert by_extension.headers["Content-Type"].startswith(rdf_format.media_type)
    html = client.get(path, headers={"Accept": "text/html"})
    assert html.status_code == 200 and html.headers["Content-Type"].startswith("text/html")
    negotiated = client.get(path, headers={"Accept": TURTLE})
    assert "Accept" in negotiated.headers["Vary"]
    assert client.get(path, headers={"Accept": TURTLE, "If-None-Match": negotiated.headers["ETag"]}).status_code == 304
    assert client.get(path, headers={"Accept": "image/png"}).status_code == 406


def test_void_counts_what_the_dumps_hold(client, void, iris):
    union = Graph().parse(data=gzip.decompress(client.get("/dumps/openminutes.ttl.gz").content), format="turtle")
    dataset = URIRef(iris.base + "catalog#dataset")
    classes = {c: {s for s in union.subjects(RDF.type, c)} for c in set(union.objects(None, RDF.type))}
    properties = {p: len(list(union.triples((None, p, None)))) for p in set(union.predicates())}

    def count(subject, predicate) -> int:
        return int(void.value(subject, predicate))

    assert count(dataset, VOID.triples) == len(union)
    assert count(dataset, VOID.classes) == len(classes)
    assert count(dataset, VOID.properties) == len(properties)
    assert count(dataset, VOID.entities) == len({s for s in union.subjects() if str(s).startswith(iris.base + "id/")})
    partitions = {void.value(p, VOID["class"]): count(p, VOID.entities) for p in void.objects(dataset, VOID.classPartition)}
    assert partitions == {c: len(instances) for c, instances in classes.items()}
    partitions = {void.value(p, VOID.property): count(p, VOID.triples) for p in void.objects(dataset, VOID.propertyPartition)}
    assert partitions == properties


def test_void_names_the_endpoint_the_dumps_the_uri_space_and_example_meetings(client, void, iris):
    dataset = URIRef(iris.base + "catalog#dataset")
    union = Graph().parse(data=gzip.decompress(client.get("/dumps/openminutes.ttl.gz").content), format="turtle")

    assert void.value(dataset, VOID.sparqlEndpoint) == URIRef(iris.base + "sparql")
    assert str(void.value(dataset, VOID.uriSpace)) == iris.base + "id/"
    dumps = set(void.objects(dataset, VOID.dataDump))
    assert {str(d).rsplit("/", 1)[1] for d in dumps} == {"openminutes.nq.gz", "openminutes.ttl.gz"}
    for subset in void.objects(dataset, VOID.subset):
        dumps |= set(void.objects(subset, VOID.dataDump))
    assert len(dumps) == 8
    assert all(client.get(str(dump)).status_code == 200 for dump in dumps)
    examples = set(void.objects(dataset, VOID.exampleResource))
    assert examples and all((example, RDF.type, OM.Meeting) in union for example in examples)
    assert all((example, OM.recordedIn, None) in union for example in examples)
    assert (URIRef(iris.base + ".well-known/void"), RDF.type, VOID.DatasetDescription) in void
    assert URIRef(str(OM)) in set(void.objects(dataset, VOID.vocabulary))
