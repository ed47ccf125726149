"""Publication: a minutes document converted, its people joined to the council's, validated, and
stored in its own named graph."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from converters import Source, convert
from openminutes import changes, people
from openminutes.store import Store
from openminutes.validation import ValidationReport, validate
from openminutes.vocab import Iris


@dataclass(frozen=True)
class Published:
    document: URIRef  # also the name of the graph it was stored in
    triples: int
    report: ValidationReport  # conforms, but may carry warnings


class Rejected(Exception):
    """The document violates the shapes; nothing was stored."""

    def __init__(self, report: ValidationReport):
        violations = sum(result.severity == "Violation" for result in report.results)
        super().__init__(f"{violations} violation(s) of the shapes")
        self.report = report


def publish(store: Store, source: Source, iris: Iris, format: str | None = None) -> Published:
    """Replace the document's named graph with its conversion, its people joined to those the
    council's other documents published, if that conforms, and log the new version in the change
    log in the same write.

    Raises ``converters.ConversionError`` if the document cannot be read and
    :class:`Rejected` if its graph violates the shapes.
    """
    conversion = convert(source, iris, format)
    people.join(store, conversion.graph, conversion.document)
    report = validate(conversion.graph)
    if not report.conforms:
        raise Rejected(report)
    changes.put_graph(store, iris, conversion.document, conversion.graph)
    return Published(conversion.document, len(conversion.graph), report)
