"""Converters: minutes documents in, RDF graphs in our ontology out.

Each source format has one module exposing ``NAME``, ``MEDIA_TYPE``,
``sniff(text) -> bool`` and ``read(source) -> Minutes``. Reading yields the
format-neutral model of :mod:`converters.model`; :mod:`converters.rdf` turns
that into a graph. Converters are pure: no store, no network.
"""

from __future__ import annotations

from converters import moderngov_text
from converters.errors import ConversionError
from converters.rdf import Conversion, to_graph
from converters.source import Source
from openminutes.vocab import Iris

REGISTRY = {module.NAME: module for module in (moderngov_text,)}
FORMATS = tuple(REGISTRY)

__all__ = ["Conversion", "ConversionError", "FORMATS", "Source", "convert", "detect"]


def detect(source: Source) -> str:
    """The name of the first format whose reader recognises the document."""
    for name, module in REGISTRY.items():
        if module.sniff(source.text):
            return name
    raise ConversionError(
        f"{source.name}: not a minutes format we can read (known formats: {', '.join(FORMATS)})"
    )


def convert(source: Source, iris: Iris, format: str | None = None) -> Conversion:
    name = format or detect(source)
    if name not in REGISTRY:
        raise ConversionError(f"unknown format {name!r} (known formats: {', '.join(FORMATS)})")
    minutes = REGISTRY[name].read(source)
    return to_graph(minutes, source, iris, name)
