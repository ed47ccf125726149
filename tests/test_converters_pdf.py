"""PDF minutes: the text layer read line by line and then as any text
minutes; a broken font map repaired; a scanned PDF refused because it needs
OCR. The sample PDF is laid out by bench/generate.py from the text beside it
in samples/sources/, and must stay what that script makes of it."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from converters import ConversionError, Source, read
from converters.pdf import _repair_font_maps

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "larchmuir-community-council-2025-06-03.pdf"


@pytest.fixture(scope="module")
def generate():
    spec = importlib.util.spec_from_file_location("generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


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


def test_a_pdf_without_a_text_layer_is_refused_as_needing_ocr(generate):
    with pytest.raises(ConversionError, match=r"pdf: scan.pdf: no text layer on its 2 page\(s\).*OCR"):
        read(Source(generate.pdf([""] * 61), "scan.pdf"))


def test_a_pdf_that_is_not_one_is_refused_with_the_reason():
    with pytest.raises(ConversionError, match="pdf: broken.pdf: not a PDF we can read"):
        read(Source(b"%PDF-1.7\n" + bytes(range(256)) * 4, "broken.pdf"))
