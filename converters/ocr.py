"""The text of a scanned PDF, read by OCR: each page rendered with pypdfium2
and read by the Tesseract command-line program, one page at a time.

Tesseract reads each page as one block of text (page segmentation mode 6):
its automatic layout analysis drops the narrow column of item numbers
("1.", "2.") that minutes set apart from the headings they number.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess

from converters.errors import ConversionError

DPI = 300  # Tesseract reads best at 300 dpi; scans are often made at 150 or 200, which it misreads more
MAX_PIXELS = 12_000_000  # a letter or A4 page at 300 dpi is 8.5 to 8.7 million; a larger page is read at less
MAX_PAGES = 40  # each page takes Tesseract 2 to 3 s of one core
PAGE_TIMEOUT = 60  # seconds; a page that takes longer is not minutes we can read


def read_pages(data: bytes) -> list[str]:
    """The text Tesseract reads on each page of the PDF ``data``."""
    binary = shutil.which("tesseract")
    if binary is None:
        raise ConversionError("a scanned PDF, with no text layer, is read by OCR, which needs the tesseract "
                              "program (Debian package tesseract-ocr), not installed here")
    import pypdfium2  # here, not above: only a scan needs it

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise ConversionError(f"not a PDF we can render for OCR ({exc})") from None
    try:
        if len(pdf) > MAX_PAGES:
            raise ConversionError(f"a scanned PDF of {len(pdf)} pages, more than the {MAX_PAGES} we read by OCR")
        return [_read_page(binary, pdf[i]) for i in range(len(pdf))]
    finally:
        pdf.close()


def _read_page(binary: str, page) -> str:
    width, height = page.get_size()
    scale = min(DPI / 72, (MAX_PIXELS / max(1.0, width * height)) ** 0.5)
    image = page.render(scale=scale, grayscale=True).to_pil()
    pgm = io.BytesIO()
    image.save(pgm, "PPM")
    # One thread: Tesseract's OpenMP threads made a page four times slower on a busy machine (measured).
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run([binary, "stdin", "stdout", "--psm", "6", "--dpi", str(round(scale * 72))],
                              input=pgm.getvalue(), capture_output=True, env=env, timeout=PAGE_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise ConversionError(f"OCR of a page took more than {PAGE_TIMEOUT} s") from None
    if done.returncode:
        raise ConversionError(f"tesseract failed on a page: {done.stderr.decode(errors='replace').strip()[-200:]}")
    return done.stdout.decode("utf-8", errors="replace").replace("\f", "")
