"""End to end: a real uvicorn server with default settings opens its own store, and
every IRI it mints dereferences at the address it listens on."""

from __future__ import annotations


import httpx
import pytest
from rdflib import XSD, Graph, Literal

from api import create_app
from converters import Source
from openminutes.publish import publish
from openminutes.settings import Settings
from openminutes.vocab import OM, Iris
from servers import free_port, serving


def test_a_meeting_iri_dereferences_to_turtle_over_http(tmp_path, seed_path):
    settings = Settings(port=free_port(), data_dir=tmp_path / "data")
    app = create_app(settings)
    with serving(app, settings.port):
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
    with pytest.raises(httpx.TransportError):  # the store the app opened was stopped with it
        httpx.get(store.query_url, timeout=2)
