"""The one settings object, read from ``OPENMINUTES_*`` environment variables."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

PREFIX = "OPENMINUTES_"


def _setting(default, help: str):
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    host: str = _setting("127.0.0.1", "Address the HTTP service listens on.")
    port: int = _setting(8000, "Port the HTTP service listens on.")
    base_iri: str = _setting(
        "",
        "Base of every IRI we mint (resources under <base>id/, documents under <base>doc/). "
        "Empty means the address the service listens on, so that every IRI dereferences.",
    )
    data_dir: Path = _setting(
        Path("data"),
        "Directory of the embedded Oxigraph store, the dumps and the triples of each version in the change log "
        "(kept there with an external store too).",
    )
    store_url: str = _setting(
        "",
        "URL of an external SPARQL 1.1 store (its query endpoint; update and graph store "
        "endpoints are derived Oxigraph-style). Empty means: start the embedded Oxigraph server.",
    )
    query_timeout: float = _setting(10.0, "Seconds a SPARQL query may run before the engine stops it.")
    max_result_rows: int = _setting(
        10000,
        "Most solutions (SELECT) or triples (CONSTRUCT, DESCRIBE) one SPARQL answer holds; a longer answer "
        "is cut there and says so.",
    )
    max_query_length: int = _setting(10000, "Most characters a SPARQL query may have.")
    max_query_nesting: int = _setting(32, "Deepest nesting of brackets ({…}, (…), […]) a SPARQL query may have.")
    max_triple_patterns: int = _setting(
        64,
        "Most triple patterns a SPARQL query may have (each step of a property path counts one, each member "
        "of an RDF collection two).",
    )
    cache_control: str = _setting(
        "public, max-age=300",
        "Cache-Control header of the documents and pages served (how long caches may keep them).",
    )
    publisher: str = _setting("OpenMinutes", "Name of who publishes the data, as the catalogue (/catalog) states it.")
    license: str = _setting(
        "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        "IRI of the licence the data is published under, as the catalogue, VoID and the feed state it.",
    )
    feed_page_size: int = _setting(20, "Versions of documents on each page of the change feed (/feed).")

    @property
    def base(self) -> str:
        """The base IRI, always ending in a slash."""
        base = self.base_iri or f"http://{self.host}:{self.port}/"
        return base if base.endswith("/") else base + "/"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides) -> "Settings":
        environ = os.environ if environ is None else environ
        values = {}
        for f in dataclasses.fields(cls):
            raw = environ.get(PREFIX + f.name.upper())
            if raw is not None:
                values[f.name] = _coerce(f, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def replace(self, **changes) -> "Settings":
        return dataclasses.replace(self, **changes)


def _coerce(f: dataclasses.Field, raw: str):
    kind = type(f.default)
    try:
        return kind(raw)
    except ValueError as exc:
        raise ValueError(f"{PREFIX}{f.name.upper()}={raw!r}: expected {kind.__name__}") from exc


def documented() -> list[tuple[str, object, str]]:
    """(environment variable, default, help) for every setting, for the README and --help."""
    return [(PREFIX + f.name.upper(), f.default, f.metadata["help"]) for f in dataclasses.fields(Settings)]
