"""The dataset described for data portals and crawlers, negotiated like every document:

- ``/catalog``: a DCAT catalogue (DCAT-AP 3.0.0) of the dataset and of each council's part of
  it, with a distribution per dump (size and SHA-256 checksum), the SPARQL endpoint as a data
  service and the change feed;
- ``/.well-known/void``: the VoID description of the same dataset (RFC 5785 names the path):
  its statistics, SPARQL endpoint, dumps and example resources.

Terms of controlled vocabularies that DCAT-AP asks for (EU file types, languages, countries,
data themes; IANA media types) are typed and placed in their schemes here, because the
profile's shapes check them in the catalogue itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, SKOS, VOID

from api import dumps as served_dumps
from api import views
from api.feed import LDES, TREE
from api.representations import (
    HTML, choose_representation, conditional, document_headers, page, rdf_response, with_extensions,
)
from openminutes import changes
from openminutes.dumps import DATASET, Dump
from openminutes.store import Store
from openminutes.vocab import OM, PREFIXES, SPDX, Iris

EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
W3C_FORMATS = "http://www.w3.org/ns/formats/"
CATALOG = "catalog"
VOID_PATH = ".well-known/void"
# How DCAT-AP (EU file types) and VoID (W3C format IRIs) name the formats of the dumps.
EU_FILE_TYPES = {"nquads": "RDF_N_QUADS", "turtle": "RDF_TURTLE", "trig": "RDF_TRIG"}
W3C_FORMAT_NAMES = {"nquads": "N-Quads", "turtle": "Turtle"}
DUMP_TITLES = {
    "nquads": "N-Quads, a named graph per source document, gzip-compressed",
    "turtle": "Turtle, the union of the documents' graphs, gzip-compressed",
}
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
LDES_SPECIFICATION = URIRef("https://w3id.org/ldes/specification")
TITLE = "OpenMinutes: council meeting minutes as Linked Data"
DESCRIPTION = (
    "Who attended council meetings, what was moved, how members voted and what was resolved, "
    "read from the published minutes, each fact traced to the text it was read from."
)
EXAMPLES = 3

router = APIRouter()


@with_extensions(router, CATALOG)
def catalog(request: Request, path: str) -> Response:
    return _serve(request, path, _catalogue)


@with_extensions(router, VOID_PATH)
def void(request: Request, path: str) -> Response:
    return _serve(request, path, _void)


def _serve(request: Request, path: str, build) -> Response:
    state = request.app.state
    stem, media_type, negotiated = choose_representation(request, path)
    if stem not in (CATALOG, VOID_PATH):
        raise HTTPException(404, f"There is no /{path}; the catalogue is at /{CATALOG}, VoID at /{VOID_PATH}.")
    iri = URIRef(state.settings.base + stem)
    graph = build(state, iri)
    headers = document_headers(str(iri), media_type, negotiated)
    if media_type == HTML:
        response = page(request, "resource.html", _shown(state, graph, iri, stem), headers=headers)
    else:
        response = rdf_response(graph, media_type, headers)
    return conditional(request, response)


def dataset_iri(base: str, part: str = DATASET) -> URIRef:
    """The dataset, or a council's part of it; VoID describes the same IRIs."""
    return URIRef(f"{base}{CATALOG}#{'dataset' if part == DATASET else part.replace('/', '-')}")


# The catalogue


def _catalogue(state, catalog: URIRef) -> Graph:
    settings, base = state.settings, state.settings.base
    found = served_dumps.current(state)
    span = changes.span(state.store, state.iris)
    g = _graph()
    publisher, license, home = URIRef(f"{catalog}#publisher"), URIRef(settings.license), URIRef(base)
    dataset, service, sparql = dataset_iri(base), URIRef(f"{catalog}#sparql-service"), URIRef(base + "sparql")
    english, uk = URIRef(EU + "language/ENG"), URIRef(EU + "country/GBR")
    themes, government = URIRef(EU + "data-theme"), URIRef(EU + "data-theme/GOVE")

    _add(g, catalog, (RDF.type, DCAT.Catalog), (DCTERMS.title, _en("OpenMinutes")),
         (DCTERMS.description, _en("The data published by this OpenMinutes service. " + DESCRIPTION)),
         (DCTERMS.publisher, publisher), (DCTERMS.license, license), (DCTERMS.language, english),
         (FOAF.homepage, home), (DCAT.themeTaxonomy, themes), (DCAT.service, service))
    _add(g, publisher, (RDF.type, FOAF.Agent), (FOAF.name, Literal(settings.publisher)))
    _add(g, license, (RDF.type, DCTERMS.LicenseDocument))
    _add(g, home, (RDF.type, FOAF.Document))
    _add(g, english, (RDF.type, DCTERMS.LinguisticSystem), (SKOS.inScheme, URIRef(EU + "language")))
    _add(g, uk, (RDF.type, DCTERMS.Location), (SKOS.inScheme, URIRef(EU + "country")))
    _add(g, themes, (RDF.type, SKOS.ConceptScheme), (DCTERMS.title, _en("Data theme")))
    _add(g, government, (RDF.type, SKOS.Concept), (SKOS.inScheme, themes),
         (SKOS.prefLabel, _en("Government and public sector")))
    if span is not None:
        _add(g, catalog, (DCTERMS.issued, _time(span[0])), (DCTERMS.modified, _time(span[1])))

    parts: dict[str, list[Dump]] = {}
    for dump in found:
        parts.setdefault(dump.part, []).append(dump)
    for part, part_dumps in parts.items():
        subject = dataset_iri(base, part)
        council, title = part_dumps[0].council, _title(part_dumps[0])
        _add(g, catalog, (DCAT.dataset, subject))
        _add(g, subject, (RDF.type, DCAT.Dataset), (DCTERMS.title, _en(title)),
             (DCTERMS.description, _en(DESCRIPTION if council is None else f"{DESCRIPTION} This part holds "
                                       f"the {title[0].lower()}{title[1:]}.")),
             (DCTERMS.publisher, publisher), (DCTERMS.language, english), (DCTERMS.spatial, uk),
             (DCAT.theme, government), (DCAT.landingPage, home),
             (DCTERMS.modified, Literal(max(d.modified for d in part_dumps), datatype=XSD.dateTime)))
        if council is not None:
            _add(g, subject, (DCTERMS.isPartOf, dataset), (DCTERMS.subject, URIRef(council)))
            _add(g, dataset, (DCTERMS.hasPart, subject))
        for dump in part_dumps:
            _distribution(g, state, subject, title, dump, license)

    if span is not None:
        _add(g, dataset, (DCTERMS.issued, _time(span[0])))
    query = URIRef(f"{dataset}-sparql")
    _add(g, dataset, (DCAT.distribution, query))
    _add(g, query, (RDF.type, DCAT.Distribution), (DCTERMS.title, _en("SPARQL 1.1 endpoint")),
         (DCAT.accessURL, sparql), (DCAT.accessService, service), (DCTERMS.license, license))
    _add(g, service, (RDF.type, DCAT.DataService), (DCTERMS.title, _en("OpenMinutes SPARQL endpoint")),
         (DCAT.endpointURL, sparql), (DCAT.endpointDescription, sparql), (DCAT.servesDataset, dataset),
         (DCTERMS.conformsTo, SPARQL_PROTOCOL), (DCTERMS.publisher, publisher), (DCTERMS.license, license))
    _add(g, sparql, (RDF.type, RDFS.Resource))
    _add(g, SPARQL_PROTOCOL, (RDF.type, DCTERMS.Standard))

    feed = URIRef(f"{dataset}-feed")
    stream = changes.log_graph(state.iris)
    _add(g, dataset, (DCAT.distribution, feed))
    _add(g, feed, (RDF.type, DCAT.Distribution), (RDF.type, LDES.EventSource),
         (DCTERMS.title, _en("Change feed: every version of every document, as a Linked Data Event Stream")),
         (DCAT.accessURL, stream), (DCTERMS.conformsTo, LDES_SPECIFICATION), (DCTERMS.license, license),
         (DCAT.mediaType, _media_type(g, "application/trig")), (DCTERMS.format, _file_type(g, "trig")))
    _add(g, stream, (RDF.type, RDFS.Resource))
    _add(g, LDES_SPECIFICATION, (RDF.type, DCTERMS.Standard))
    return g


def _distribution(g: Graph, state, dataset: URIRef, title: str, dump: Dump, license: URIRef) -> None:
    subject = URIRef(f"{dataset}-{dump.format}")
    download = URIRef(served_dumps.url(state, dump))
    checksum = URIRef(f"{subject}-checksum")
    _add(g, dataset, (DCAT.distribution, subject))
    _add(g, subject, (RDF.type, DCAT.Distribution), (DCTERMS.title, _en(f"{title}: {DUMP_TITLES[dump.format]}")),
         (DCAT.accessURL, download), (DCAT.downloadURL, download),
         (DCAT.mediaType, _media_type(g, dump.rdf_format.media_type)),
         (DCAT.compressFormat, _media_type(g, served_dumps.dumps.COMPRESSED)),
         (DCTERMS.format, _file_type(g, dump.format)),
         (DCAT.byteSize, Literal(dump.size, datatype=XSD.nonNegativeInteger)),
         (SPDX.checksum, checksum), (DCTERMS.license, license),
         (DCTERMS.modified, Literal(dump.modified, datatype=XSD.dateTime)))
    _add(g, checksum, (RDF.type, SPDX.Checksum), (SPDX.algorithm, SPDX.checksumAlgorithm_sha256),
         (SPDX.checksumValue, Literal(dump.sha256, datatype=XSD.hexBinary)))
    _add(g, SPDX.checksumAlgorithm_sha256, (RDF.type, SPDX.ChecksumAlgorithm))
    _add(g, download, (RDF.type, RDFS.Resource))


def _media_type(g: Graph, media_type: str) -> URIRef:
    iri = URIRef(IANA + media_type)
    _add(g, iri, (RDF.type, DCTERMS.MediaType))
    return iri


def _file_type(g: Graph, format_name: str) -> URIRef:
    iri = URIRef(f"{EU}file-type/{EU_FILE_TYPES[format_name]}")
    _add(g, iri, (RDF.type, DCTERMS.MediaTypeOrExtent), (SKOS.inScheme, URIRef(EU + "file-type")))
    return iri


# VoID


@dataclass(frozen=True)
class Statistics:
    triples: int
    entities: int
    classes: tuple[tuple[URIRef, int], ...]  # each class, with its instances
    properties: tuple[tuple[URIRef, int], ...]  # each property, with its triples
    examples: tuple[URIRef, ...]


def _void(state, description: URIRef) -> Graph:
    settings, base = state.settings, state.settings.base
    found = served_dumps.current(state)
    span = changes.span(state.store, state.iris)
    stats = _statistics(state.store, state.iris, span[1] if span else None)
    g = _graph()
    dataset = dataset_iri(base)
    _add(g, description, (RDF.type, VOID.DatasetDescription), (DCTERMS.title, _en("VoID description of OpenMinutes")),
         (FOAF.primaryTopic, dataset))
    _add(g, dataset, (RDF.type, VOID.Dataset), (DCTERMS.title, _en(TITLE)), (DCTERMS.description, _en(DESCRIPTION)),
         (DCTERMS.license, URIRef(settings.license)), (VOID.sparqlEndpoint, URIRef(base + "sparql")),
         (VOID.uriSpace, Literal(state.iris.base + "id/")),
         (VOID.triples, Literal(stats.triples)), (VOID.entities, Literal(stats.entities)),
         (VOID.classes, Literal(len(stats.classes))), (VOID.properties, Literal(len(stats.properties))))
    if span is not None:
        _add(g, dataset, (DCTERMS.modified, _time(span[1])))
    for example in stats.examples:
        _add(g, dataset, (VOID.exampleResource, example))
    for dump in found:
        subject = dataset_iri(base, dump.part)
        _add(g, subject, (VOID.dataDump, URIRef(served_dumps.url(state, dump))),
             (VOID.feature, URIRef(W3C_FORMATS + W3C_FORMAT_NAMES[dump.format])))
        if dump.council is not None:
            _add(g, dataset, (VOID.subset, subject))
            _add(g, subject, (RDF.type, VOID.Dataset), (DCTERMS.title, _en(_title(dump))))
    vocabularies = set()
    partitions = (
        ("class", stats.classes, VOID.classPartition, VOID["class"], VOID.entities),
        ("property", stats.properties, VOID.propertyPartition, VOID.property, VOID.triples),
    )
    for kind, counts, partition_of, term_of, count_of in partitions:
        for term, n in counts:
            partition = URIRef(f"{description}#{kind}-{quote(_compact(g, term), safe=':')}")
            _add(g, dataset, (partition_of, partition))
            _add(g, partition, (term_of, term), (count_of, Literal(n)))
            vocabularies.add(_namespace(term))
    for vocabulary in sorted(vocabularies):
        _add(g, dataset, (VOID.vocabulary, URIRef(vocabulary)))
    return g


@lru_cache(maxsize=8)
def _statistics(store: Store, iris: Iris, as_of: datetime | None) -> Statistics:
    """The statistics of the document graphs as they were after the change at ``as_of``."""
    in_documents = f"FILTER(?g != {changes.log_graph(iris).n3()})"
    distinct = f"SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {in_documents} }}"

    def count(sparql: str) -> int:
        return int(store.select(sparql)[0]["n"])

    classes = store.select(f"""
        SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s a ?class }} {in_documents} }}
        GROUP BY ?class ORDER BY ?class""")
    properties = store.select(f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ {distinct} }} GROUP BY ?p ORDER BY ?p")
    examples = store.select(f"""
        SELECT ?meeting WHERE {{ GRAPH ?g {{ ?meeting a {OM.Meeting.n3()} ; {OM.recordedIn.n3()} ?g }} }}
        ORDER BY DESC(?meeting) LIMIT {EXAMPLES}""")
    return Statistics(
        triples=count(f"SELECT (COUNT(*) AS ?n) WHERE {{ {distinct} }}"),
        entities=count(f"""
            SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{
              GRAPH ?g {{ ?s ?p ?o }} {in_documents}
              FILTER(isIRI(?s) && STRSTARTS(STR(?s), {Literal(iris.base + "id/").n3()}))
            }}"""),
        classes=tuple((row["class"], int(row["n"])) for row in classes),
        properties=tuple((row["p"], int(row["n"])) for row in properties),
        examples=tuple(row["meeting"] for row in examples),
    )


def _compact(g: Graph, term: URIRef) -> str:
    try:
        return g.namespace_manager.curie(term, generate=False)
    except (KeyError, ValueError):
        return str(term)


def _namespace(term: URIRef) -> str:
    cut = max(term.rfind("#"), term.rfind("/"))
    return str(term[: cut + 1])


# Both


def _title(dump: Dump) -> str:
    """The title of what a dump holds: the dataset, or a council's minutes."""
    return TITLE if dump.council is None else f"Minutes of {dump.council_name or dump.council}"


def _graph() -> Graph:
    g = Graph()
    for prefix, namespace in {**PREFIXES, "dcat": DCAT, "foaf": FOAF, "void": VOID, "spdx": SPDX,
                              "ldes": LDES, "tree": TREE}.items():
        g.bind(prefix, namespace, override=True)
    return g


def _add(g: Graph, subject: URIRef, *statements) -> None:
    for predicate, value in statements:
        g.add((subject, predicate, value))


def _en(text: str) -> Literal:
    return Literal(text, lang="en")


def _time(time: datetime) -> Literal:
    return Literal(changes.stamp(time), datatype=XSD.dateTime)


def _shown(state, graph: Graph, iri: URIRef, path: str) -> dict:
    """The generic page of a resource, with a section for every node of ours the graph describes."""
    p = views.Page(graph, state.ontology, state.iris, state.root)

    def title(node: URIRef) -> str:
        return str(graph.value(node, DCTERMS.title) or node.partition("#")[2] or p.label(node))

    ours = sorted(
        {s for s in graph.subjects() if isinstance(s, URIRef) and s != iri and s.startswith(state.settings.base)
         and "#" in s},
        key=str,
    )
    return {
        **views.resource(p, iri),
        "iri": iri,
        "url": state.root + path,
        "title": title(iri),
        "fragments": [{"id": s.partition("#")[2], "title": title(s), "properties": views.resource(p, s)["properties"]}
                      for s in ours],
        "referenced_by": [],
    }
