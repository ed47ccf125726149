"""The one table of RDF formats: media type, rdflib and Oxigraph names, extension.

Content negotiation, the CLI's ``--to`` and the store client all read it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph


@dataclass(frozen=True)
class RdfFormat:
    name: str  # the CLI's name for it
    media_type: str
    extension: str
    rdflib: str
    oxigraph: pyoxigraph.RdfFormat
    quads: bool = False
    also: tuple[str, ...] = ()  # other media types that mean the same


RDF_FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat("turtle", "text/turtle", "ttl", "turtle", pyoxigraph.RdfFormat.TURTLE, also=("application/x-turtle",)),
    RdfFormat("jsonld", "application/ld+json", "jsonld", "json-ld", pyoxigraph.RdfFormat.JSON_LD),
    RdfFormat("rdfxml", "application/rdf+xml", "rdf", "xml", pyoxigraph.RdfFormat.RDF_XML),
    RdfFormat("ntriples", "application/n-triples", "nt", "nt", pyoxigraph.RdfFormat.N_TRIPLES),
    RdfFormat("nquads", "application/n-quads", "nq", "nquads", pyoxigraph.RdfFormat.N_QUADS, quads=True),
    RdfFormat("trig", "application/trig", "trig", "trig", pyoxigraph.RdfFormat.TRIG, quads=True),
)

BY_NAME = {f.name: f for f in RDF_FORMATS}
BY_EXTENSION = {f.extension: f for f in RDF_FORMATS}
BY_MEDIA_TYPE = {t: f for f in RDF_FORMATS for t in (f.media_type, *f.also)}

TRIPLE_FORMATS = tuple(f for f in RDF_FORMATS if not f.quads)


def for_path(path: str) -> RdfFormat | None:
    """The RDF format a file name's extension announces, if any."""
    _, dot, extension = path.rpartition(".")
    return BY_EXTENSION.get(extension.lower()) if dot else None


@dataclass(frozen=True)
class ResultFormat:
    """A SPARQL query results format (for SELECT and ASK)."""

    name: str
    media_type: str
    extension: str


RESULT_FORMATS: tuple[ResultFormat, ...] = (
    ResultFormat("json", "application/sparql-results+json", "srj"),
    ResultFormat("xml", "application/sparql-results+xml", "srx"),
    ResultFormat("csv", "text/csv", "csv"),
    ResultFormat("tsv", "text/tab-separated-values", "tsv"),
)
RESULTS_BY_NAME = {f.name: f for f in RESULT_FORMATS}
RESULTS_JSON, RESULTS_XML, RESULTS_CSV, RESULTS_TSV = (f.media_type for f in RESULT_FORMATS)
