"""Golden files: each minutes document beside the graph we expect from it,
compared as graphs. ``pytest --update-golden`` rewrites the expected files
after a deliberate change; read the diff before committing it. Our samples
cover every source format: text exports, web pages, a scrape in JSON, a PDF.

Minutes written by others (the reference minutes in ../shared) are not copied
here: their expected graph leaves out the literals that quote the prose
(see PROSE), and a separate test checks those literals against the source.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic

from converters import Source, convert, read
from converters.text import clean
from openminutes.validation import validate
from openminutes.vocab import OA, OM, Iris, bind_prefixes

GOLDEN = Path(__file__).parent / "golden"
SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SAMPLE_FORMATS = ("*.txt", "*.html", "*.json", "*.pdf")
IRIS = Iris("http://example.org/")
PROSE = (OM.minutesText, OM.text, OM.description, OA.exact)


def documents(shared_dir: Path) -> list[tuple[Path, bool]]:
    """(minutes, written by us) for every golden case."""
    ours = [(p, True) for p in sorted(p for pattern in SAMPLE_FORMATS for p in SAMPLES.glob(pattern))]
    theirs = [(p, False) for p in sorted((shared_dir / "seeds").glob("*.txt"))]
    return ours + theirs


def without_prose(graph: Graph) -> Graph:
    kept = Graph()
    bind_prefixes(kept)
    for triple in graph:
        if triple[1] not in PROSE:
            kept.add(triple)
    return kept


def converted(path: Path, ours: bool) -> Graph:
    graph = convert(Source.from_path(path), IRIS).graph
    return graph if ours else without_prose(graph)


def describe_difference(expected: Graph, actual: Graph) -> str:
    _, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = [f"missing: {' '.join(t.n3() for t in triple)}" for triple in sorted(missing)]
    lines += [f"extra:   {' '.join(t.n3() for t in triple)}" for triple in sorted(extra)]
    return "\n".join(lines)


def pytest_generate_tests(metafunc):
    if "golden_case" in metafunc.fixturenames:
        shared = Path(__file__).resolve().parents[2] / "shared"
        cases = documents(shared)
        metafunc.parametrize("golden_case", cases, ids=[p.stem for p, _ in cases])


def test_conversion_matches_golden_graph(golden_case, request):
    path, ours = golden_case
    expected_path = GOLDEN / f"{path.stem}.ttl"
    actual = converted(path, ours)
    if request.config.getoption("--update-golden"):
        expected_path.write_text(actual.serialize(format="turtle"), encoding="utf-8")
    expected = Graph().parse(expected_path)
    assert to_isomorphic(expected) == to_isomorphic(actual), describe_difference(expected, actual)


def test_golden_graph_conforms_to_shapes(golden_case):
    path, _ = golden_case
    report = validate(convert(Source.from_path(path), IRIS).graph)
    assert report.conforms, report.text


def test_every_sample_format_has_a_golden_case():
    formats = {read(Source.from_path(path))[0] for path, ours in documents(Path()) if ours}
    assert formats == {"moderngov-text", "moderngov-web", "cmis-web", "minutes-text", "pdf"}


def test_quoted_spans_are_the_text_read(golden_case):
    """Spans refer to the text read: the document's own for text, what a browser shows for a page, what a PDF's
    text layer holds."""
    path, _ = golden_case
    source = Source.from_path(path)
    text = read(source)[1].text
    graph = convert(source, IRIS).graph
    specifics = set(graph.subjects(OA.hasSource, None))
    for specific in specifics:
        values = {
            p: o for s in graph.objects(specific, OA.hasSelector) for p, o in graph.predicate_objects(s)
        }
        start, end = values[OA.start].toPython(), values[OA.end].toPython()
        assert text[start:end] == str(values[OA.exact])
    assert len(specifics) >= 10


def test_prose_is_the_text_read_with_white_space_folded(golden_case):
    path, _ = golden_case
    source = Source.from_path(path)
    folded = clean(read(source)[1].text)
    graph = convert(source, IRIS).graph
    for predicate in (OM.text, OM.description, OM.minutesText):
        for literal in graph.objects(None, predicate):
            for paragraph in str(literal).split("\n\n"):
                assert paragraph in folded, f"{predicate.n3()} {paragraph!r} is not in the source"
