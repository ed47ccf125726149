from __future__ import annotations

import os
import socket
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from openminutes.settings import Settings
from openminutes.store import (
    Dataset, EmbeddedOxigraph, QueryFailed, QuerySyntaxError, QueryTimeout, Store, StoreError, open_store,
)

EX = Namespace("http://test.example/")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def sample_graph(title: str = "Cabinet") -> Graph:
    graph = Graph()
    meeting = EX["id/meeting/1"]
    graph.add((meeting, EX.title, Literal(title, lang="en")))
    graph.add((meeting, EX.date, Literal("2018-10-04", datatype=XSD_DATE)))
    graph.add((meeting, EX.attendee, BNode()))
    return graph


def count(store) -> int:
    return store.select(COUNT)[0]["n"].toPython()


def test_put_graph_is_queried_back_as_rdf_terms(store):
    store.put_graph(EX.doc1, sample_graph())

    rows = store.select(f"SELECT ?title ?date WHERE {{ GRAPH <{EX.doc1}> {{ ?m <{EX.title}> ?title ; <{EX.date}> ?date }} }}")

    assert rows == [{"title": Literal("Cabinet", lang="en"), "date": Literal("2018-10-04", datatype=XSD_DATE)}]
    assert store.graphs() == [EX.doc1]
    assert store.ask(f"ASK {{ <{EX['id/meeting/1']}> <{EX.title}> ?t }}")  # the default graph is the union
    assert isomorphic(store.construct("CONSTRUCT WHERE { ?s ?p ?o }"), sample_graph())


def test_unbound_variables_are_absent_from_a_row(store):
    store.put_graph(EX.doc1, sample_graph())

    rows = store.select(f"SELECT ?m ?missing WHERE {{ ?m <{EX.title}> ?t OPTIONAL {{ ?m <{EX.nothing}> ?missing }} }}")

    assert rows == [{"m": EX["id/meeting/1"]}]


def test_put_graph_replaces_the_graph_without_duplicates(store):
    store.put_graph(EX.doc1, sample_graph())
    store.put_graph(EX.doc1, sample_graph())
    assert count(store) == 3

    store.put_graph(EX.doc1, sample_graph("Cabinet Committee"))
    titles = store.select(f"SELECT ?t WHERE {{ ?m <{EX.title}> ?t }}")
    assert titles == [{"t": Literal("Cabinet Committee", lang="en")}]


def test_delete_graph_removes_only_that_graph(store):
    store.put_graph(EX.doc1, sample_graph())
    store.put_graph(EX.doc2, sample_graph())

    store.delete_graph(EX.doc1)
    store.delete_graph(EX.doc1)  # already gone: nothing to do

    assert store.graphs() == [EX.doc2]
    assert count(store) == 3


def test_syntax_error_carries_the_engines_message(store):
    with pytest.raises(QuerySyntaxError, match=r"^error at 1:\d+: expected"):
        store.select("SELEC ?s WHERE { ?s ?p ?o }")
    with pytest.raises(QuerySyntaxError):
        store.update("DROP EVERYTHING")


def test_query_passes_the_engines_answer_through(store):
    store.put_graph(EX.doc1, sample_graph())

    response = store.query("SELECT ?m WHERE { ?m ?p ?o } LIMIT 1", "text/csv")

    assert response.headers["content-type"].startswith("text/csv")
    assert response.text.splitlines() == ["m", str(EX["id/meeting/1"])]


def test_open_store_uses_the_store_url_when_given(store, oxigraph):
    store.put_graph(EX.doc1, sample_graph())

    with open_store(Settings(store_url=oxigraph.store.query_url)) as external:
        assert external.graphs() == [EX.doc1]


def test_a_store_that_cannot_be_reached_raises_store_error(tmp_path):
    with pytest.raises(StoreError, match="cannot reach the store"):
        Store.oxigraph(f"http://127.0.0.1:{_closed_port()}", timeout=1, contents=tmp_path).graphs()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_killed_server_is_started_again_by_the_next_request_with_its_data(tmp_path):
    with EmbeddedOxigraph(tmp_path, timeout=5) as server:
        server.store.put_graph(EX.doc1, sample_graph())
        killed = server.process.pid
        server.process.kill()
        server.process.wait()

        assert server.store.graphs() == [EX.doc1]
        assert server.process.pid != killed


def test_a_server_that_cannot_start_again_is_unavailable_until_it_can(tmp_path):
    with EmbeddedOxigraph(tmp_path, timeout=5) as server:
        server.process.kill()
        server.process.wait()
        address = urlsplit(server.store.query_url)
        squatter = socket.socket()  # holds the port, refusing connections
        squatter.bind((address.hostname, address.port))
        try:
            with pytest.raises(StoreError):
                server.store.graphs()
        finally:
            squatter.close()

        assert server.store.graphs() == []


def test_a_server_stopped_on_purpose_is_not_started_again(tmp_path):
    server = EmbeddedOxigraph(tmp_path, timeout=5)
    server.start()
    revive = server.store._revive
    server.stop()

    assert revive() is False
    assert server.process.poll() is not None


def test_the_server_process_is_gone_after_stop(tmp_path):
    with EmbeddedOxigraph(tmp_path, timeout=5) as server:
        pid = server.process.pid
        assert server.store.graphs() == []

    assert server.process.returncode is not None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_the_server_is_stopped_when_the_body_raises(tmp_path):
    with pytest.raises(KeyboardInterrupt):
        with EmbeddedOxigraph(tmp_path, timeout=5) as server:
            raise KeyboardInterrupt

    assert server.process.returncode is not None


def test_a_server_that_cannot_start_reports_its_stderr(tmp_path, oxigraph):
    # The session server holds the lock on its data directory.
    with pytest.raises(StoreError, match=r"exited with code \d+: .*LOCK") as refused:
        with EmbeddedOxigraph(oxigraph.data_dir, timeout=5):
            pass
    assert "\n" not in str(refused.value)


def test_a_query_past_the_timeout_raises_query_timeout(tmp_path):
    graph = Graph()
    for i in range(300):
        graph.add((EX[f"s{i}"], EX.p, Literal(i)))
    with EmbeddedOxigraph(tmp_path, timeout=1) as server:
        server.store.put_graph(EX.doc1, graph)
        with pytest.raises(QueryTimeout, match="1 s"):
            server.store.select("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")


def test_a_query_cancelled_while_being_planned_raises_query_timeout(tmp_path):
    """The engine answers 500 saying it cancelled the query, where its timeout fires before it has a plan."""
    with EmbeddedOxigraph(tmp_path, timeout=1) as server:
        with pytest.raises(QueryTimeout):
            server.store.select("SELECT * { ?s <http://test.example/p> (" + " ?x" * 60 + ") }")


def test_a_query_the_engine_cannot_evaluate_raises_query_failed_with_its_message(store):
    with pytest.raises(QueryFailed, match="custom function <http://test.example/f> is not supported"):
        store.select("SELECT (<http://test.example/f>(1) AS ?x) {}")


def test_a_query_can_name_its_dataset(store):
    store.put_graph(EX.doc1, sample_graph("One"))
    store.put_graph(EX.doc2, sample_graph("Two"))
    titles = f"SELECT ?t WHERE {{ ?m <{EX.title}> ?t }}"

    only_two = store.solutions(titles, 10, Dataset(default_graphs=(str(EX.doc2),)))
    named = store.solutions("SELECT DISTINCT ?g WHERE { GRAPH ?g {} }", 10, Dataset(named_graphs=(str(EX.doc1),)))
    raw = store.query(titles, "text/csv", Dataset(default_graphs=(str(EX.doc1),)))

    assert [s["t"].value for s in only_two.items] == ["Two"]
    assert [s["g"].value for s in named.items] == [str(EX.doc1)]
    assert raw.text.splitlines() == ["t", "One"]


def test_solutions_and_triples_stop_at_the_limit_and_say_whether_there_were_more(store):
    store.put_graph(EX.doc1, sample_graph())

    two = store.solutions("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", 2)
    all_three = store.solutions("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", 3)
    triples = store.triples("CONSTRUCT WHERE { ?s ?p ?o }", 2)

    assert (len(two.items), two.truncated, two.variables) == (2, True, ("s", "p", "o"))
    assert (len(all_three.items), all_three.truncated) == (3, False)
    assert (len(triples.items), triples.truncated) == (2, True)
    assert store.solutions(f"ASK {{ ?m <{EX.title}> ?t }}", 2) is True


def test_data_survive_a_restart(tmp_path):
    with EmbeddedOxigraph(tmp_path, timeout=5) as server:
        server.store.put_graph(EX.doc1, sample_graph())
    with EmbeddedOxigraph(tmp_path, timeout=5) as server:
        assert server.store.graphs() == [EX.doc1]


def test_concurrent_puts_to_one_graph_leave_exactly_one_version(store):
    versions = []
    for v in range(8):
        graph = Graph()
        for i in range(2000):
            graph.add((EX[f"s{i}"], EX.p, Literal(f"{v}-{i}")))
        versions.append(graph)

    with ThreadPoolExecutor(len(versions)) as pool:
        list(pool.map(lambda graph: store.put_graph(EX.doc1, graph), versions))

    assert count(store) == 2000
