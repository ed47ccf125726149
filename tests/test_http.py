"""End to end: a real uvicorn server with default settings opens its own store, and
every IRI it mints dereferences at the address it listens on."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest
import uvicorn
from rdflib import XSD, Graph, Literal

from api import create_app
from converters import Source
from openminutes.publish import publish
from openminutes.settings import Settings
from openminutes.vocab import OM, Iris


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_meeting_iri_dereferences_to_turtle_over_http(tmp_path, seed_path):
    settings = Settings(port=_free_port(), data_dir=tmp_path / "data")
    app = create_app(settings)
    server = uvicorn.Server(uvicorn.Config(app, host=settings.host, port=settings.port, log_level="warning"))
    thread = threading.Thread(target=server.run)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.02)
        store = app.state.store
        iris = Iris(settings.base)
        publish(store, Source.from_path(seed_path), iris)
        meeting = iris.meeting("Lancashire County Council", "Cabinet Committee on Performance Improvement", "2018-10-04")

        response = httpx.get(meeting, headers={"Accept": "text/turtle"}, follow_redirects=True)

        assert [r.status_code for r in response.history] == [303]
        assert response.status_code == 200
        assert str(response.url) == iris.base + iris.doc_path(meeting).lstrip("/")
        graph = Graph().parse(data=response.text, format="turtle")
        assert (meeting, OM.date, Literal("2018-10-04", datatype=XSD.date)) in graph
    finally:
        server.should_exit = True
        thread.join(timeout=20)
    assert not thread.is_alive()
    with pytest.raises(httpx.TransportError):  # the store the app opened was stopped with it
        httpx.get(store.query_url, timeout=2)
