"""Namespaces and the minting of every IRI OpenMinutes publishes.

Resource IRIs live under ``<base>id/``; the documents that describe them under
``<base>doc/``. The same input always yields the same IRIs.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Namespace, URIRef

ONTOLOGY_IRI = "https://w3id.org/openminutes/ns"
OM = Namespace(ONTOLOGY_IRI + "#")
SERVICE = Namespace("https://w3id.org/openminutes/service#")  # the SPARQL endpoint's limits, described at /sparql
OA = Namespace("http://www.w3.org/ns/oa#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SPDX = Namespace("http://spdx.org/rdf/terms#")  # checksums of dumps and of logged versions

PREFIXES = {
    "om": OM,
    "oa": OA,
    "org": Namespace("http://www.w3.org/ns/org#"),
    "schema": Namespace("https://schema.org/"),
    "eli": ELI,
    "besluit": Namespace("http://data.vlaanderen.be/ns/besluit#"),
    "mandaat": Namespace("http://data.vlaanderen.be/ns/mandaat#"),
    "oparl": Namespace("https://schema.oparl.org/1.1/"),
    "opengov": Namespace("http://www.w3.org/ns/opengov#"),
    "person": Namespace("http://www.w3.org/ns/person#"),
    "prov": Namespace("http://www.w3.org/ns/prov#"),
    "foaf": Namespace("http://xmlns.com/foaf/0.1/"),
    "skos": Namespace("http://www.w3.org/2004/02/skos/core#"),
    "dcterms": Namespace("http://purl.org/dc/terms/"),
    "owl": Namespace("http://www.w3.org/2002/07/owl#"),
    "rdfs": Namespace("http://www.w3.org/2000/01/rdf-schema#"),
    "xsd": Namespace("http://www.w3.org/2001/XMLSchema#"),
    "sh": Namespace("http://www.w3.org/ns/shacl#"),
}


def bind_prefixes(graph) -> None:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)


@lru_cache(maxsize=1 << 12)
def slug(text: str) -> str:
    """A stable, readable path segment: ASCII, lower case, words joined by hyphens. Cached: a document slugs its
    council and each person's name again for every IRI it mints under them."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = ascii_text.replace("&", " and ").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "unnamed"


@dataclass(frozen=True)
class Iris:
    """Mints every IRI from the configured base."""

    base: str

    def __post_init__(self):
        if not self.base.endswith("/"):
            object.__setattr__(self, "base", self.base + "/")

    def _id(self, *segments: str) -> URIRef:
        return URIRef(self.base + "id/" + "/".join(segments))

    def council(self, council: str) -> URIRef:
        return self._id("council", slug(council))

    def body(self, council: str, body: str) -> URIRef:
        return self._id("body", slug(council), slug(body))

    def person(self, council: str, name: str) -> URIRef:
        return self._id("person", slug(council), slug(name))

    def place(self, council: str, name: str) -> URIRef:
        return self._id("place", slug(council), slug(name))

    def meeting(self, council: str, body: str, date: str, sequence: int = 1) -> URIRef:
        """A body's meeting on a date; a suffix only when the body meets again that day."""
        day = date if sequence == 1 else f"{date}-{sequence}"
        return self._id("meeting", slug(council), slug(body), day)

    def document(self, meeting: URIRef, kind: str = "minutes") -> URIRef:
        """The document recording a meeting; also the name of the graph it is published in."""
        return URIRef(meeting.replace(self.base + "id/meeting/", self.base + "id/document/", 1) + "/" + kind)

    @staticmethod
    def under(parent: URIRef, *segments: str | int) -> URIRef:
        """A resource that belongs to another: an attendance, an item, a resolution, a span."""
        return URIRef("/".join((parent, *(str(s) for s in segments))))  # parent + "/" would make an IRI, then another

    def item(self, meeting: URIRef, number: str) -> URIRef:
        return self.under(meeting, "item", slug(number))

    def span(self, document: URIRef, start: int, end: int) -> URIRef:
        return self.under(document, "span", f"{start}-{end}")

    def is_ours(self, iri: str) -> bool:
        return iri.startswith(self.base + "id/")

    def doc_path(self, iri: str) -> str:
        """The path of the document describing a resource IRI of ours: /doc/…"""
        return "/doc/" + iri[len(self.base + "id/"):]

    def resource_for_doc_path(self, path: str) -> URIRef:
        """Inverse of :meth:`doc_path`, given the path after /doc/."""
        return self._id(path)
