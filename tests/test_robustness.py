"""No input makes a converter crash: whatever bytes it is given, in whatever
format it is told to read them, a converter returns a graph that conforms to
the shapes or raises one ConversionError that names the format (and the line,
when the trouble is at a line). Random and mutated minutes come from
hypothesis; empty, binary, mis-encoded and oversized documents are tried by
name, and long adversarial documents must be read in bounded time."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benches import bench
from converters import FORMATS, ConversionError, Source, convert, ocr, read
from openminutes.validation import validate
from openminutes.vocab import Iris

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p for p in (ROOT / "samples").iterdir() if p.is_file())
IRIS = Iris("http://robust.example/")
FAST = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
VALIDATED = settings(FAST, max_examples=15)




def outcome(data: bytes, format: str | None, validated: bool = False, url: str | None = None):
    """The conversion, or the error, checked for what every outcome must be."""
    try:
        conversion = convert(Source(data, "mutated.txt", url), IRIS, format)
    except ConversionError as exc:
        assert "\n" not in str(exc)
        if format is not None:
            assert exc.format == format and str(exc).startswith(f"{format}: "), str(exc)
        return exc
    if validated:
        report = validate(conversion.graph)
        assert report.conforms, report.text
    return conversion


@st.composite
def mutated_minutes(draw) -> bytes:
    """One of our samples, cut, repeated, spliced with random text or bytes."""
    data = bytearray(draw(st.sampled_from(SAMPLES)).read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        span = draw(st.integers(0, 400))
        edit = draw(st.sampled_from(("cut", "repeat", "text", "bytes", "truncate", "swap")))
        if edit == "cut":
            del data[at:at + span]
        elif edit == "repeat":
            data[at:at] = data[at:at + span] * draw(st.integers(1, 3))
        elif edit == "text":
            data[at:at] = draw(st.text(max_size=80)).encode("utf-8")
        elif edit == "bytes":
            data[at:at] = draw(st.binary(max_size=40))
        elif edit == "truncate":
            del data[at:]
        else:
            lines = data.split(b"\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


@FAST
@given(data=mutated_minutes(), format=st.sampled_from((None, *FORMATS)))
def test_mutated_minutes_give_a_graph_or_one_clear_error(data, format):
    outcome(data, format)


@VALIDATED
@given(data=mutated_minutes(), url=st.sampled_from((None, "https://democracy.leeds.gov.uk/ieListDocuments.aspx?MId=1")))
def test_what_mutated_minutes_give_conforms_to_the_shapes(data, url):
    outcome(data, None, validated=True, url=url)


@FAST
@given(text=st.text(max_size=3000), format=st.sampled_from((None, *FORMATS)))
def test_random_text_gives_a_graph_or_one_clear_error(text, format):
    outcome(text.encode("utf-8"), format)


@FAST
@given(data=st.binary(max_size=3000), format=st.sampled_from((None, *FORMATS)))
def test_random_bytes_give_a_graph_or_one_clear_error(data, format):
    outcome(data, format)


@pytest.mark.parametrize("data, message", [
    (b"", "the document is empty"),
    (b" \n\t\n", "the document is empty"),
    (bytes(range(256)) * 40, "binary data"),
    (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF", "not a PDF we can read"),
])
def test_documents_that_are_no_minutes_are_refused_with_their_reason(data, message):
    with pytest.raises(ConversionError, match=message):
        convert(Source(data, "odd"), IRIS)


def test_a_scanned_pdf_longer_than_ocr_reads_is_refused_before_any_page_is_read():
    blank_pages = bench("generate").pdf([""] * 60 * (ocr.MAX_PAGES + 1))

    started = time.perf_counter()
    with pytest.raises(ConversionError, match=rf"a scanned PDF of \d+ pages, more than the {ocr.MAX_PAGES} we read by "
                                              "OCR") as error:
        convert(Source(blank_pages, "scanned.pdf"), IRIS)
    assert error.value.format == "pdf"
    assert time.perf_counter() - started < 10


def test_windows_1252_and_a_byte_order_mark_read_as_utf_8_does():
    sample = ROOT / "samples" / "wrenfield-parish-council-2025-04-09.txt"
    text = sample.read_text(encoding="utf-8").replace("£240.00", "£240.00 (café fund – “benches”)")
    graphs = [convert(Source(data, sample.name), IRIS).graph
              for data in (text.encode("utf-8"), text.encode("cp1252"), b"\xef\xbb\xbf" + text.encode("utf-8"))]

    def facts(graph):
        return {(s, p, o) for s, p, o in graph if "span/" not in s and "sha256" not in p}

    assert facts(graphs[0]) == facts(graphs[1]) == facts(graphs[2])
    assert any("café fund – “benches”" in str(o) for o in graphs[1].objects())


def test_a_twenty_megabyte_document_is_refused_at_once():
    huge = Source(bench("generate").parish_minutes(60_000).encode() * 2, "huge.txt")
    assert len(huge.data) > 20_000_000

    started = time.perf_counter()
    with pytest.raises(ConversionError, match="MB, more than"):
        convert(huge, IRIS)
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize("name, text", [
    ("a member list a line long", "Present: " + "Cllr Aaa Bbb Ccc Ddd " * 2000),
    ("numbers run into one paragraph", " ".join(f"{i}. Title number {i} was read." for i in range(1, 8000))),
    ("unclosed item markers", "<AI1>" * 40_000),
    ("cues and no sentences", "1. Item\n" + "It was moved by proposed seconded Approved Carried declared " * 5000),
    ("initials without end", "Present: " + " ".join("Aaa Bbb AB" for _ in range(5_000))),
])
def test_long_adversarial_minutes_are_read_in_bounded_time(name, text):
    opening = "Minutes of the Meeting of Testford Parish Council held on 5 May 2021 at 7pm in the Hall.\n"
    started = time.process_time()
    for format in FORMATS:
        outcome((opening + text).encode(), format)
    assert time.process_time() - started < 30, name


def test_reading_twice_gives_the_same_graph():
    for path in SAMPLES:
        first, again = (read(Source.from_path(path))[1] for _ in range(2))
        assert first == again, path.name
