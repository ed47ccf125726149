"""The W3C SPARQL 1.1 test suite against our endpoint, served by a real uvicorn over the
session's Oxigraph; and, at the end of the run, how many tests of each suite passed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import httpx
import pytest

from api import create_app
from openminutes.settings import Settings
from w3c_manifest import CONFORMANCE_DOC
from servers import free_port, serving

SUITES = {
    "test_query_evaluation": "query evaluation",
    "test_query_syntax": "query syntax",
    "test_protocol": "protocol",
    "test_service_description": "service description",
}
_outcomes: Counter[tuple[str, str]] = Counter()


@dataclass(frozen=True)
class Endpoint:
    url: str  # of /sparql
    http: httpx.Client


@pytest.fixture(scope="session")
def endpoint(oxigraph) -> Endpoint:
    settings = Settings(port=free_port())
    with serving(create_app(settings, oxigraph.store), settings.port), httpx.Client(timeout=30) as http:
        yield Endpoint(settings.base + "sparql", http)


def pytest_runtest_logreport(report):
    suite = SUITES.get(report.nodeid.partition("::")[2].partition("[")[0])
    if suite is not None and (report.when == "call" or (report.when == "setup" and not report.passed)):
        _outcomes[suite, "known difference" if report.skipped and hasattr(report, "wasxfail") else report.outcome] += 1


def pytest_terminal_summary(terminalreporter):
    if not _outcomes:
        return
    write = terminalreporter.write_line
    terminalreporter.section("W3C SPARQL 1.1 test suite")
    columns = ("passed", "known difference", "failed", "skipped")
    write(f"{'suite':<22}" + "".join(f"{column:>18}" for column in columns))
    for suite in SUITES.values():
        counts = [_outcomes[suite, column] for column in columns]
        if any(counts):
            write(f"{suite:<22}" + "".join(f"{count:>18}" for count in counts))
    write(f"Known differences and their reasons: {CONFORMANCE_DOC.relative_to(CONFORMANCE_DOC.parents[1])}")
