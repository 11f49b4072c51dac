"""Reading a PDF's text back, the way the tests check every report."""

import re
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader

#: A word broken after a hyphen at the end of a line. Before a lower-case letter the hyphen is taken for one the
#: hyphenation added, and goes; before a capital it belongs to the word ("OvD-Bz"), and stays. Either way the
#: line break goes, so that the word reads as one.
_HYPHENATED = re.compile(r"(\w)-\n([^\W\d_])")


def _join(match: re.Match[str]) -> str:
    head, tail = match.groups()
    return head + tail if tail.islower() else f"{head}-{tail}"


def pdf_pages(source: bytes | Path) -> list[str]:
    data = source.read_bytes() if isinstance(source, Path) else source
    return [page.extract_text() or "" for page in PdfReader(BytesIO(data)).pages]


def page_texts(source: bytes | Path) -> list[str]:
    """Each page's text, with words hyphenated at a line's end joined again and line breaks folded to spaces,
    so that wrapped cells read as one."""
    return [" ".join(_HYPHENATED.sub(_join, page).split()) for page in pdf_pages(source)]


def pdf_text(source: bytes | Path) -> str:
    """All text as :func:`page_texts` reads it."""
    return " ".join(page_texts(source))
