"""UK local authorities by any of their names, from the register of
mySociety (data/councils.csv, built by scripts/build_councils.py), so that a
council written in any of its spellings gets one IRI and its codes."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Council:
    code: str
    official_name: str
    gss_code: str
    former_gss_codes: tuple[str, ...]
    replaced_by: str | None  # register code of the successor


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9&]+", " ", name.lower().replace("the ", " ")).strip()


@cache
def _register() -> tuple[dict[str, Council], dict[str, Council]]:
    by_code, by_name = {}, {}
    with resources.files("openminutes").joinpath("data/councils.csv").open(encoding="utf-8") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        for row in rows:
            council = Council(row["code"], row["official_name"], row["gss_code"],
                              tuple(row["former_gss_codes"].split()), row["replaced_by"] or None)
            by_code[council.code] = council
            for name in row["names"].split("|"):
                by_name.setdefault(_key(name), council)
    return by_code, by_name


def lookup(name: str) -> Council | None:
    """The authority a name refers to: its official name, short name or a known alternative."""
    return _register()[1].get(_key(name))


def by_code(code: str) -> Council | None:
    return _register()[0].get(code)
