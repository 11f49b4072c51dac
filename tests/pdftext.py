"""Reading a PDF's text back, the way the tests check every report."""

from io import BytesIO
from pathlib import Path

from pypdf import PdfReader


def pdf_pages(source: bytes | Path) -> list[str]:
    data = source.read_bytes() if isinstance(source, Path) else source
    return [page.extract_text() or "" for page in PdfReader(BytesIO(data)).pages]


def pdf_text(source: bytes | Path) -> str:
    """All text, with line breaks folded to spaces so that wrapped cells read as one."""
    return " ".join(" ".join(pdf_pages(source)).split())
