"""Minutes published as PDF: the text layer is extracted with pdfplumber, line
by line as laid out on each page (pages joined by a line break), and then
read like any text minutes. Offsets of everything read from a PDF refer to
that extracted text.

A font whose character map turns a capital N into "/" ("PRESE/T") is
repaired where the font has no N of its own and the slash stands between
letters. A scanned PDF, with no text layer, is read by OCR
(:mod:`converters.ocr`), and its text is then the text that OCR read.
"""

from __future__ import annotations

import io
import logging
from collections import Counter, defaultdict

from converters.errors import ConversionError
from converters.model import Minutes
from converters.ocr import read_pages
from converters.reading import read_minutes
from converters.source import Source

NAME = "pdf"
MEDIA_TYPE = "application/pdf"
MAX_PAGES = 500  # minutes run to tens of pages; each page costs pdfplumber tens of milliseconds
MIN_CHARACTERS_PER_PAGE = 20


def sniff(source: Source) -> bool:
    return source.data[:1024].lstrip().startswith(b"%PDF")


def read(source: Source) -> Minutes:
    text, recognised = extract_text(source)
    minutes = read_minutes(text, MEDIA_TYPE, source.url)
    minutes.recognised = recognised
    return minutes


def extract_text(source: Source) -> tuple[str, bool]:
    """The document's text, and whether OCR read it from images of its pages (it has no text layer)."""
    import pdfplumber  # here, not above: reading text minutes need not pay for loading it

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        with pdfplumber.open(io.BytesIO(source.data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise ConversionError(f"{len(pdf.pages)} pages, more than the {MAX_PAGES} we read")
            pages = []
            fonts: dict[str, Counter] = defaultdict(Counter)
            for page in pdf.pages:
                _repair_font_maps(page.chars, fonts)
                pages.append(page.extract_text() or "")
                page.flush_cache()
    except ConversionError:
        raise
    except Exception as exc:  # pdfminer raises many exceptions of its own; each means the file cannot be read
        raise ConversionError(f"not a PDF we can read ({type(exc).__name__})") from exc
    if not _no_text(pages):
        return "\n".join(pages), False
    pages = read_pages(source.data)
    if _no_text(pages):
        raise ConversionError(f"no text on its {len(pages)} page(s), neither in a text layer nor by OCR")
    return "\n".join(pages), True


def _no_text(pages: list[str]) -> bool:
    return sum(len("".join(page.split())) for page in pages) < MIN_CHARACTERS_PER_PAGE * max(1, len(pages))


def _repair_font_maps(chars: list[dict], by_font: dict[str, Counter]) -> None:
    """A font that never yields "N" but yields "/" next to letters maps its N to the slash. ``by_font`` counts
    the characters of each font on the pages so far, this one included."""
    for c in chars:
        by_font[c.get("fontname", "")][c["text"]] += 1
    faulty = {font for font, counts in by_font.items()
              if counts["/"] and not counts["N"] and sum(counts.values()) >= 50
              and sum(v for k, v in counts.items() if k.isupper()) >= 10}
    if not faulty:
        return
    for i, c in enumerate(chars):
        if c["text"] == "/" and c.get("fontname", "") in faulty:
            before = chars[i - 1]["text"] if i else " "
            after = chars[i + 1]["text"] if i + 1 < len(chars) else " "
            if (before.isalpha() or before.isspace()) and (after.isalpha() or after.isspace()) and not (
                    before.isspace() and after.isspace()):
                c["text"] = "N"
