"""The registry of source formats: each sample is recognised as the format it
is written in, a format can be chosen instead, and what cannot be read is
refused with one error that names the format, the document and the line."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import DCTERMS

from converters import FORMATS, ConversionError, Source, convert, detect, read
from openminutes.vocab import OM, Iris

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
IRIS = Iris("http://formats.example/")

FORMAT_OF = {
    "ashcombe-full-council-2025-09-18.txt": ("moderngov-text", "text/plain"),
    "kestrel-moor-licensing-committee-2025-05-21.html": ("moderngov-web", "text/html"),
    "kestrel-moor-planning-committee-2025-06-12.json": ("moderngov-web", "text/html"),
    "thornbury-fields-council-business-committee-2025-07-15.html": ("cmis-web", "text/html"),
    "wrenfield-parish-council-2025-04-09.txt": ("minutes-text", "text/plain"),
    "glasfryn-community-council-2025-02-05.html": ("minutes-text", "text/html"),
    "larchmuir-community-council-2025-06-03.pdf": ("pdf", "application/pdf"),
}


def test_every_format_is_registered():
    assert set(FORMATS) == {"moderngov-text", "moderngov-web", "cmis-web", "minutes-text", "pdf"}


@pytest.mark.parametrize("name", sorted(FORMAT_OF))
def test_each_sample_is_recognised_and_its_document_says_what_it_was_read_from(name):
    source = Source.from_path(SAMPLES / name)
    format, media_type = FORMAT_OF[name]

    assert detect(source) == format
    conversion = convert(source, IRIS)
    assert conversion.format == format
    assert (conversion.document, OM.sourceFormat, Literal(format)) in conversion.graph
    assert (conversion.document, DCTERMS.format, Literal(media_type)) in conversion.graph


def test_a_format_can_be_chosen_over_the_one_recognised():
    source = Source.from_path(SAMPLES / "ashcombe-full-council-2025-09-18.txt")

    chosen = convert(source, IRIS, "minutes-text")

    assert chosen.format == "minutes-text"
    assert (None, OM.sourceFormat, Literal("minutes-text")) in chosen.graph


def test_an_unknown_format_is_an_error_that_lists_the_known_ones():
    with pytest.raises(ConversionError, match=r"unknown format 'word'.*moderngov-text"):
        convert(Source.from_path(SAMPLES / "ashcombe-full-council-2025-09-18.txt"), IRIS, "word")


@pytest.mark.parametrize("format, data, message, line", [
    ("moderngov-text", b"Minutes of a meeting\nof nobody at all\n", "no <AIn> agenda item markers", None),
    ("minutes-text", b"Testford Parish Council\n\nNotes from the allotments.\n", "no meeting date", 1),
    ("minutes-text", b"\n\nMinutes of the meeting held on 3 March 2025\n\n1. Apologies\nNone.\n",
     "do not name their council", 3),
    ("pdf", b"Minutes of the meeting held on 3 March 2025", "not a PDF we can read", None),
])
def test_a_document_a_format_cannot_read_gives_one_error_naming_format_document_and_line(format, data, message, line):
    with pytest.raises(ConversionError, match=message) as error:
        convert(Source(data, "odd.txt"), IRIS, format)

    assert (error.value.format, error.value.document, error.value.line) == (format, "odd.txt", line)
    assert str(error.value).startswith(f"{format}: odd.txt: " + (f"line {line}: " if line else ""))


def test_text_that_names_no_meeting_is_not_recognised():
    with pytest.raises(ConversionError, match="not a minutes format we can read"):
        detect(Source(b"Shopping: bread, milk, eggs.\n", "list.txt"))


def test_what_a_reader_reads_is_the_text_every_span_refers_to():
    format, minutes = read(Source.from_path(SAMPLES / "kestrel-moor-licensing-committee-2025-05-21.html"))

    assert format == "moderngov-web" and "<p" not in minutes.text
    assert minutes.text[minutes.venue.span.start:minutes.venue.span.end] == "Committee Room 1, Moorside House, Kestrel Moor"


def test_an_agenda_item_page_names_its_meeting_in_its_heading():
    page = ('<html><head><title>Agenda item - Kestrel Moor District Council</title></head><body><h1>Agenda item</h1>'
            '<h2 class="mgSubTitleTxt">Street Trading Fees - Meeting of Cabinet, Tuesday, 3rd June, 2025 10.00 am '
            '(Item 34.)</h2><p>To consider the fees.</p><div class="mgWordPara"><p>Minutes:</p>'
            '<p>RESOLVED &ndash; That the fees be approved.</p></div></body></html>')

    format, minutes = read(Source(page.encode(), "mgAi.html"))

    assert (format, minutes.council.value, minutes.body.value, str(minutes.date), str(minutes.start_time)) == (
        "moderngov-web", "Kestrel Moor District Council", "Cabinet", "2025-06-03", "10:00:00")
    assert [(i.number, i.title, [r.text for r in i.resolutions]) for i in minutes.items] == [
        ("34", "Street Trading Fees", ["the fees be approved."])]
