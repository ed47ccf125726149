"""PDF minutes: the text layer read line by line and then as any text
minutes; a broken font map repaired; a scanned PDF read by OCR (tesseract),
or refused when tesseract is not installed. The sample PDF is laid out by bench/generate.py from the text beside it
in samples/sources/, and must stay what that script makes of it."""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from pathlib import Path

import pypdfium2
import pytest
from rdflib import RDF, XSD, Literal

from benches import bench
from converters import ConversionError, Source, convert, read
from converters.pdf import _repair_font_maps
from openminutes.vocab import OM, Iris

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "larchmuir-community-council-2025-06-03.pdf"


@pytest.fixture(scope="module")
def generate():
    return bench("generate")


def test_the_sample_pdf_is_what_its_source_text_lays_out(generate):
    lines = (ROOT / "samples" / "sources" / f"{SAMPLE.stem}.txt").read_text(encoding="utf-8").splitlines()

    assert generate.pdf(lines) == SAMPLE.read_bytes()


def test_the_text_layer_is_read_line_by_line_with_the_columns_of_the_member_list():
    format, minutes = read(Source.from_path(SAMPLE))

    assert format == "pdf"
    present = {a.name.value: a.initials for a in minutes.attendees if a.status == "present"}
    assert present == {"Fiona Baird": "FB", "Calum Reid": "CR", "Morag Sinclair": "MS", "Euan Gillespie": "EG",
                       "Hamish Tait": "HT", "Isobel Kerr": "IK"}
    assert [(m.mover.value, m.seconder.value, m.outcome) for i in minutes.items for m in i.motions] == [
        ("CR", "MS", "carried"), ("HT", "IK", "carried")]


def chars(text: str, font: str) -> list[dict]:
    return [{"text": c, "fontname": font} for c in text]


def test_a_font_that_maps_its_capital_n_to_a_slash_is_repaired_where_the_slash_stands_by_letters():
    bold = chars("PRESE/T DICK D/ and /ext Meeting, not SR/147 nor 22/6 " * 2, "Bold")
    regular = chars("Norman Robertson and a date 22/6", "Regular")

    _repair_font_maps(bold + regular, defaultdict(Counter))

    assert "".join(c["text"] for c in bold).startswith("PRESENT DICK DN and Next Meeting, not SR/147 nor 22/6")
    assert "".join(c["text"] for c in regular) == "Norman Robertson and a date 22/6"


def scanned(pdf: Path, dpi: int = 150) -> bytes:
    """The PDF as a scanner makes it: each page one image, no text layer."""
    document = pypdfium2.PdfDocument(pdf)
    images = [document[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in range(len(document))]
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out.getvalue()


@pytest.fixture(scope="module")
def scan() -> Source:
    return Source(scanned(SAMPLE), "scan.pdf")


def test_a_scanned_pdf_is_read_by_ocr_into_the_same_meeting(scan):
    graph = convert(scan, Iris("http://test.example/")).graph

    assert pdfplumber_chars(scan.data) == 0
    assert {str(o) for o in graph.objects(None, OM.name)} >= {
        "Larchmuir Community Council", "Fiona Baird", "Calum Reid", "Morag Sinclair", "Isobel Kerr"}
    assert Literal("2025-06-03", datatype=XSD.date) in set(graph.objects(None, OM.date))
    assert len(set(graph.subjects(RDF.type, OM.AgendaItem))) == 9
    [document] = graph.subjects(RDF.type, OM.Document)
    assert graph.value(document, OM.textRecognised) == Literal(True)
    text_layer = convert(Source.from_path(SAMPLE), Iris("http://test.example/")).graph
    assert not set(text_layer.objects(None, OM.textRecognised))


def pdfplumber_chars(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return sum(len(page.chars) for page in pdf.pages)


def test_a_scanned_pdf_is_refused_with_the_reason_when_tesseract_is_not_installed(scan, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(ConversionError, match=r"pdf: scan.pdf: a scanned PDF.*OCR.*needs the tesseract program"):
        read(scan)


def test_a_pdf_with_no_text_even_by_ocr_is_refused(generate):
    with pytest.raises(ConversionError, match=r"pdf: blank.pdf: no text on its 2 page\(s\), neither in a text "
                                              r"layer nor by OCR"):
        read(Source(generate.pdf([""] * 61), "blank.pdf"))


def test_a_pdf_that_is_not_one_is_refused_with_the_reason():
    with pytest.raises(ConversionError, match="pdf: broken.pdf: not a PDF we can read"):
        read(Source(b"%PDF-1.7\n" + bytes(range(256)) * 4, "broken.pdf"))
