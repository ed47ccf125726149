"""Fixtures shared by every test module."""

from __future__ import annotations

from pathlib import Path

import pytest

from openminutes.store import EmbeddedOxigraph
from openminutes.vocab import Iris


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden", action="store_true",
        help="rewrite the expected golden graphs from the converters' current output",
    )


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def seed_path(shared_dir) -> Path:
    return shared_dir / "seeds" / "lancashire-cabinet-committee-performance-improvement-2018-10-04.txt"


@pytest.fixture(scope="session")
def iris() -> Iris:
    return Iris("http://test.example/")


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory):
    with EmbeddedOxigraph(tmp_path_factory.mktemp("oxigraph"), timeout=5) as server:
        yield server


@pytest.fixture
def store(oxigraph):
    oxigraph.store.update("DROP ALL")
    yield oxigraph.store
