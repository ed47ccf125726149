"""Converters: minutes documents in, RDF graphs in our ontology out.

Each source format has one module exposing ``NAME``, ``MEDIA_TYPE``,
``sniff(source) -> bool`` and ``read(source) -> Minutes``. Reading yields the
format-neutral model of :mod:`converters.model`; :mod:`converters.rdf` turns
that into a graph. Converters are pure: no store, no network.

Detection asks the formats in the order of REGISTRY, most particular first;
``minutes-text`` reads whatever names a meeting and a date, so it comes last.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

from converters import cmis_web, minutes_text, moderngov_text, moderngov_web, pdf
from converters.errors import ConversionError
from converters.model import Minutes
from converters.rdf import Conversion, to_graph
from converters.source import Source
from openminutes.vocab import Iris

REGISTRY = {module.NAME: module for module in (pdf, moderngov_text, moderngov_web, cmis_web, minutes_text)}
FORMATS = tuple(REGISTRY)
# The most a document may hold, text and PDF: minutes are far smaller; anything larger is refused rather than
# left to take minutes and gigabytes (indexed by "is it a PDF").
MAX_BYTES = (20_000_000, 60_000_000)

__all__ = ["Conversion", "ConversionError", "FORMATS", "Source", "convert", "detect", "read"]


def detect(source: Source) -> str:
    """The name of the first format whose reader recognises the document."""
    if not source.data.strip():
        raise ConversionError("the document is empty", document=source.name)
    for name, module in REGISTRY.items():
        if module.sniff(source):
            return name
    raise ConversionError(f"not a minutes format we can read (known formats: {', '.join(FORMATS)})",
                          document=source.name)


def read(source: Source, format: str | None = None) -> tuple[str, Minutes]:
    """The format of a document and what it records; ``Minutes.text`` is the text its spans refer to."""
    limit = MAX_BYTES[pdf.sniff(source)]
    if len(source.data) > limit:
        raise ConversionError(f"{len(source.data) / 1e6:.1f} MB, more than the {limit / 1e6:.0f} MB we read in one "
                              "document", document=source.name)
    name = format or detect(source)
    if name not in REGISTRY:
        raise ConversionError(f"unknown format {name!r} (known formats: {', '.join(FORMATS)})")
    try:
        return name, REGISTRY[name].read(source)
    except ConversionError as exc:
        raise exc.within(name, source.name) from None


def convert(source: Source, iris: Iris, format: str | None = None) -> Conversion:
    with _without_cyclic_gc():
        name, minutes = read(source, format)
        return to_graph(minutes, source, iris, name)


@contextmanager
def _without_cyclic_gc():
    """Conversion allocates many small objects and no cycles worth collecting; Python's cyclic collector, run
    again and again as they accumulate, made long minutes take time that grew faster than their length."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
