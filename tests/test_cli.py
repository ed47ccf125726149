from __future__ import annotations

import csv
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from converters import Source, convert
from openminutes import changes
from openminutes.formats import RDF_FORMATS
from openminutes.store import EmbeddedOxigraph
from openminutes.vocab import OM, Iris

REPO = Path(__file__).resolve().parents[1]
BASE = "http://test.example/"
MEETING = BASE + "id/meeting/lancashire-county-council/cabinet-committee-on-performance-improvement/2018-10-04"
DOCUMENT = BASE + "id/document/lancashire-county-council/cabinet-committee-on-performance-improvement/2018-10-04/minutes"
MEETINGS = f"SELECT ?m WHERE {{ ?m a <{OM.Meeting}> }} ORDER BY ?m"


def environment() -> dict[str, str]:
    """Settings from our defaults alone, and this checkout's packages whatever is installed."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("OPENMINUTES_")}
    return env | {"OPENMINUTES_BASE_IRI": BASE, "PYTHONPATH": str(REPO)}


def openminutes(*args, cwd, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "openminutes", *map(str, args)],
        capture_output=True, text=True, env=environment(), cwd=cwd, timeout=120, **kwargs,
    )


def assert_one_line_error(result: subprocess.CompletedProcess, *expected: str) -> None:
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    for text in expected:
        assert text in result.stderr


@pytest.fixture
def self_substitution(seed_path, tmp_path):
    """The seed minutes with a member substituting for himself, which the shapes forbid."""
    original = b"County Councillor Barrie Yates replaced County Councillor Atkinson."
    data = seed_path.read_bytes()
    assert original in data
    path = tmp_path / "self-substitution.txt"
    path.write_bytes(data.replace(original, b"County Councillor Barrie Yates replaced County Councillor Yates."))
    return path


@pytest.fixture(scope="module")
def seed_graph(seed_path, iris) -> Graph:
    return convert(Source.from_path(seed_path), iris).graph


@pytest.mark.parametrize("command", ["convert", "validate", "load", "serve", "query"])
def test_every_command_has_help(command, tmp_path):
    result = openminutes(command, "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith(f"usage: openminutes {command}")


@pytest.mark.parametrize("rdf_format", RDF_FORMATS, ids=lambda f: f.name)
def test_convert_writes_every_format(rdf_format, seed_path, seed_graph, tmp_path):
    result = openminutes("convert", seed_path, "--to", rdf_format.name, cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    if rdf_format.quads:
        dataset = Dataset().parse(data=result.stdout, format=rdf_format.rdflib)
        named = [g for g in dataset.graphs() if len(g)]
        assert [str(g.identifier) for g in named] == [DOCUMENT]
        assert isomorphic(named[0], seed_graph)
    else:
        assert isomorphic(Graph().parse(data=result.stdout, format=rdf_format.rdflib), seed_graph)


def test_convert_writes_turtle_to_a_file(seed_path, seed_graph, tmp_path):
    result = openminutes("convert", seed_path, "-o", "minutes.ttl", cwd=tmp_path)

    assert (result.returncode, result.stdout) == (0, "")
    assert isomorphic(Graph().parse(tmp_path / "minutes.ttl", format="turtle"), seed_graph)


@pytest.mark.parametrize(
    "args, expected",
    [
        (["convert", "missing.txt"], ["missing.txt", "No such file"]),
        (["convert", "{seed}", "--format", "nonsense"], ["--format", "nonsense"]),
        (["convert", "{seed}", "--to", "nonsense"], ["--to", "nonsense"]),
        (["convert", "{seed}", "-o", "no/such/dir/out.ttl"], ["no/such/dir/out.ttl"]),
        (["convert", "notes.txt"], ["notes.txt", "not a minutes format"]),
        (["load", "missing.txt"], ["missing.txt", "No such file"]),
        (["frobnicate"], ["frobnicate"]),
    ],
)
def test_user_mistakes_give_one_line_and_exit_2(args, expected, seed_path, tmp_path):
    (tmp_path / "notes.txt").write_text("Nothing like minutes.\n")

    result = openminutes(*(arg.format(seed=seed_path) for arg in args), cwd=tmp_path)

    assert_one_line_error(result, *expected)


def test_validate_exits_0_when_all_conform(seed_path, seed_graph, tmp_path):
    seed_graph.serialize(tmp_path / "minutes.ttl", format="turtle")
    seed_graph.serialize(tmp_path / "minutes.jsonld", format="json-ld")

    result = openminutes("validate", seed_path, "minutes.ttl", "minutes.jsonld", cwd=tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert [line.split(":")[0] for line in result.stdout.splitlines() if "Conforms" in line] == [
        str(seed_path), "minutes.ttl", "minutes.jsonld",
    ]


def test_validate_exits_1_when_any_does_not_conform(seed_path, self_substitution, tmp_path):
    result = openminutes("validate", seed_path, self_substitution, cwd=tmp_path)

    assert result.returncode == 1
    assert f"{self_substitution}: Does not conform" in result.stdout
    assert "barrie-yates" in result.stdout


def test_validate_exits_1_for_an_rdf_file_that_does_not_conform(tmp_path):
    (tmp_path / "meeting.ttl").write_text(f"<{MEETING}> a <{OM.Meeting}> .\n")

    result = openminutes("validate", "meeting.ttl", cwd=tmp_path)

    assert result.returncode == 1
    assert "meeting.ttl: Does not conform" in result.stdout


@pytest.mark.parametrize("name, content", [("missing.ttl", None), ("broken.ttl", "<a> <b> ."), ("broken.rdf", "<rdf:RDF")])
def test_validate_exits_2_for_a_file_it_cannot_read(name, content, seed_path, tmp_path):
    if content is not None:
        (tmp_path / name).write_text(content)

    result = openminutes("validate", name, seed_path, cwd=tmp_path)

    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and name in result.stderr
    assert f"{seed_path}: Conforms" in result.stdout  # the other files are still validated


def test_load_then_query_finds_the_meeting(seed_path, tmp_path):
    loaded = openminutes("load", seed_path, "--data-dir", "store", cwd=tmp_path)

    assert loaded.returncode == 0, loaded.stderr
    name, graph, triples = loaded.stdout.split(maxsplit=2)
    assert (name, graph) == (f"{seed_path.name}:", DOCUMENT)
    assert int(triples.split()[0].lstrip("(")) > 0

    table = openminutes("query", MEETINGS, "--data-dir", "store", cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    assert f"<{MEETING}>" in table.stdout.splitlines()[2:]

    answer = openminutes("query", MEETINGS, "--data-dir", "store", "--format", "json", cwd=tmp_path)
    assert {"type": "uri", "value": MEETING} in [row["m"] for row in json.loads(answer.stdout)["results"]["bindings"]]

    answer = openminutes("query", MEETINGS, "--data-dir", "store", "--format", "csv", cwd=tmp_path)
    assert [MEETING] in list(csv.reader(io.StringIO(answer.stdout)))

    described = openminutes("query", f"DESCRIBE <{MEETING}>", "--data-dir", "store", cwd=tmp_path)
    assert (MEETING, OM.body) in {(str(s), p) for s, p, _ in Graph().parse(data=described.stdout, format="turtle")}


def test_load_of_a_rejected_document_reports_it_and_changes_nothing(seed_path, self_substitution, tmp_path):
    assert openminutes("load", seed_path, "--data-dir", "store", cwd=tmp_path).returncode == 0
    before = openminutes("query", "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "--format", "csv", "--data-dir", "store", cwd=tmp_path)

    result = openminutes("load", self_substitution, "--data-dir", "store", cwd=tmp_path)

    assert result.returncode == 1
    assert "rejected" in result.stderr and "barrie-yates" in result.stderr
    after = openminutes("query", "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "--format", "csv", "--data-dir", "store", cwd=tmp_path)
    assert sorted(after.stdout.splitlines()) == sorted(before.stdout.splitlines())


def test_query_syntax_error_prints_the_parser_message_and_exits_2(tmp_path):
    result = openminutes("query", "SELEC * WHERE { ?s ?p ?o }", "--data-dir", "store", cwd=tmp_path)

    assert_one_line_error(result, "invalid SPARQL", "1:")


def test_query_ask_answers_yes_or_no(tmp_path):
    result = openminutes("query", "ASK { ?s ?p ?o }", "--data-dir", "store", cwd=tmp_path)

    assert (result.returncode, result.stdout) == (0, "no\n")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get_when_up(url: str, **kwargs) -> httpx.Response:
    for _ in range(100):
        try:
            return httpx.get(url, timeout=30, **kwargs)
        except httpx.ConnectError:
            time.sleep(0.1)
    raise AssertionError(f"nothing answered at {url}")


def test_serve_loads_serves_and_stops_its_store_on_interrupt(seed_path, tmp_path):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "openminutes", "serve", "--port", str(port), "--data-dir", "store", "--load", str(seed_path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment(), cwd=tmp_path,
    )
    try:
        printed = [server.stdout.readline() for _ in range(4)]
        origin = f"http://127.0.0.1:{port}"
        assert printed[1:] == [
            f"Home:   {origin}/\n",
            f"Sample: {origin}/doc/{MEETING.removeprefix(BASE + 'id/')}\n",
            f"SPARQL: {origin}/sparql\n",
        ]
        response = get_when_up(f"{origin}/sparql", params={"query": MEETINGS}, headers={"Accept": "application/sparql-results+json"})
        assert {"type": "uri", "value": MEETING} in [row["m"] for row in response.json()["results"]["bindings"]]
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)

    assert "Traceback" not in server.stderr.read()
    # The data directory is free again only once the server's Oxigraph has exited.
    with EmbeddedOxigraph(tmp_path / "store", timeout=5) as restarted:
        log = changes.log_graph(Iris(BASE))
        assert [g for g in restarted.store.graphs() if g != log] == [URIRef(DOCUMENT)]
