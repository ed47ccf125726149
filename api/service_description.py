"""The SPARQL 1.1 Service Description of ``/sparql``: what the endpoint answers, in which
formats, over which dataset, and within which limits.

The limits are properties of our own small namespace (``openminutes.vocab.SERVICE``), each
described in the description itself.
"""

from __future__ import annotations

import dataclasses

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef

from api.sparql_results import TRUNCATED_HEADER, TRUNCATED_MEMBER
from openminutes import changes
from openminutes.formats import RDF_FORMATS, RESULT_FORMATS
from openminutes.settings import Settings
from openminutes.vocab import SERVICE, Iris

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
W3C_FORMATS = Namespace("http://www.w3.org/ns/formats/")
SIMPLE_ENTAILMENT = URIRef("http://www.w3.org/ns/entailment/Simple")

# The W3C's name (http://www.w3.org/ns/formats/…) of each format in openminutes/formats.py.
W3C_FORMAT_NAMES = {
    "turtle": "Turtle", "jsonld": "JSON-LD", "rdfxml": "RDF_XML", "ntriples": "N-Triples",
    "nquads": "N-Quads", "trig": "TriG",
    "json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV",
}

# Our term for each limit, the setting it comes from, and what exceeding it brings.
LIMITS = (
    ("queryTimeout", "query_timeout", XSD.decimal,
     "A query stopped for running longer is answered 504 Gateway Timeout."),
    ("maxResultRows", "max_result_rows", XSD.integer,
     f"An answer cut at this many rows carries the header {TRUNCATED_HEADER}: true (false when complete) "
     f"and, in SPARQL JSON results, a top-level member \"{TRUNCATED_MEMBER}\": true."),
    ("maxQueryLength", "max_query_length", XSD.integer, "A longer query is refused with 400 Bad Request."),
    ("maxQueryNesting", "max_query_nesting", XSD.integer, "A deeper query is refused with 400 Bad Request."),
    ("maxTriplePatterns", "max_triple_patterns", XSD.integer,
     "A query with more is refused with 400 Bad Request."),
)
_HELP = {f.name: f.metadata["help"] for f in dataclasses.fields(Settings)}


def describe(settings: Settings, graphs: list[URIRef]) -> Graph:
    """The description of the endpoint of a service with these settings, whose store holds ``graphs``."""
    description = Graph()
    description.bind("sd", SD)
    description.bind("formats", W3C_FORMATS)
    description.bind("oms", SERVICE)
    endpoint = URIRef(settings.base + "sparql")
    service = URIRef(f"{endpoint}#service")
    description.add((service, RDF.type, SD.Service))
    description.add((service, RDFS.label, Literal("OpenMinutes SPARQL endpoint", lang="en")))
    description.add((service, SD.endpoint, endpoint))
    description.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    description.add((service, SD.feature, SD.UnionDefaultGraph))
    description.add((service, SD.defaultEntailmentRegime, SIMPLE_ENTAILMENT))
    for name in (*(f.name for f in RESULT_FORMATS), *(f.name for f in RDF_FORMATS)):
        description.add((service, SD.resultFormat, W3C_FORMATS[W3C_FORMAT_NAMES[name]]))

    dataset, default_graph = BNode(), BNode()
    description.add((service, SD.defaultDataset, dataset))
    description.add((dataset, RDF.type, SD.Dataset))
    description.add((dataset, SD.defaultGraph, default_graph))
    description.add((default_graph, RDF.type, SD.Graph))
    description.add((default_graph, RDFS.comment, Literal(
        "The union of the named graphs: one graph per source document, named by the document's IRI, and the "
        f"change log, {changes.log_graph(Iris(settings.base))}, which says when each version of a document was published, how many "
        "triples it had and their checksum (the versions' triples are in the feed at /feed).", lang="en")))
    for name in graphs:
        named_graph = BNode()
        description.add((dataset, SD.namedGraph, named_graph))
        description.add((named_graph, RDF.type, SD.NamedGraph))
        description.add((named_graph, SD.name, name))

    for term, setting, datatype, consequence in LIMITS:
        description.add((service, SERVICE[term], Literal(getattr(settings, setting), datatype=datatype)))
        description.add((SERVICE[term], RDF.type, RDF.Property))
        description.add((SERVICE[term], RDFS.domain, SD.Service))
        description.add((SERVICE[term], RDFS.range, datatype))
        description.add((SERVICE[term], RDFS.comment, Literal(f"{_HELP[setting]} {consequence}", lang="en")))
    return description
