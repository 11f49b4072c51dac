"""Checking a rendered PDF's layout with pdfplumber: no two words overlap, no word runs across a table's rule,
and no word is split except at a Dutch hyphenation point (with its hyphen) or after a hyphen of its own."""

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import BytesIO
from unittest import mock
from xml.sax.saxutils import unescape

import pdfplumber
import pyphen
from reportlab.graphics.shapes import String
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Table

from crisisapp.reports.base import Lines, printable

_DUTCH = pyphen.Pyphen(lang="nl_NL")
_TAGS = re.compile(r"<[^>]*>")
_LEAD = re.compile(r"^[\W_]*")
_TRAIL = re.compile(r"[\W_]*$")
TOLERANCE = 0.5  # points


@contextmanager
def recorded_texts() -> Iterator[list[str]]:
    """Every text given to ReportLab while the block runs: paragraphs, table cells, lines of text cells,
    drawing strings and the strings drawn on the canvas (the running header and footer)."""
    texts: list[str] = []

    def spy(cls: type, name: str, pick: Callable[..., list[str]]) -> mock._patch:  # type: ignore[type-arg]
        original = getattr(cls, name)

        def wrapper(self: object, *args: object, **kwargs: object) -> object:
            texts.extend(pick(*args, **kwargs))
            return original(self, *args, **kwargs)

        return mock.patch.object(cls, name, wrapper)

    patches = [
        spy(Paragraph, "__init__", lambda text, *a, **k: [unescape(_TAGS.sub(" ", str(text)))]),
        spy(Table, "__init__", lambda data, *a, **k: [c for row in data for c in row if isinstance(c, str)]),
        spy(Lines, "__init__", lambda lines, *a, **k: [printable(line.text) for line in lines]),
        spy(String, "__init__", lambda x, y, text, *a, **k: [str(text)]),
        *(
            spy(Canvas, name, lambda x, y, text, *a, **k: [str(text)])
            for name in ("drawString", "drawRightString", "drawCentredString")
        ),
    ]
    for patch in patches:
        patch.start()
    try:
        yield texts
    finally:
        for patch in reversed(patches):
            patch.stop()


def _words(texts: list[str]) -> tuple[set[str], set[str], set[str]]:
    """The words of ``texts``; the pieces of a word that may end a line (from its start or from a break to a
    Dutch hyphenation point, plus the hyphen, or up to a hyphen of its own); and the pieces that may begin the
    next line (from a break to the end)."""
    words = {word for value in texts for word in value.split()}
    heads: set[str] = set()
    tails: set[str] = set()
    for word in words:
        lead = len(_LEAD.match(word).group(0))  # type: ignore[union-attr]
        core = _TRAIL.sub("", word[lead:])
        hyphenation = {lead + p for p in _DUTCH.positions(core)}
        own = {n + 1 for n, char in enumerate(word) if char == "-"}
        for end in hyphenation | own:
            for start in {0} | hyphenation | own:
                if start < end:
                    heads.add(word[start:end] + ("-" if end in hyphenation and end not in own else ""))
        tails.update(word[start:] for start in hyphenation | own)
    return words, heads, tails


def layout_problems(pdf: bytes, texts: list[str], pages: slice = slice(None)) -> list[str]:
    """What is wrong with the layout of ``pdf`` made from ``texts`` (see :func:`recorded_texts`), page by page."""
    words, heads, tails = _words(texts)
    problems: list[str] = []
    with pdfplumber.open(BytesIO(pdf)) as document:
        for page in document.pages[pages]:
            found = page.extract_words(keep_blank_chars=False, split_at_punctuation=False)
            number = page.page_number
            for word in found:
                for value in word["text"].split():
                    if value not in words and value not in heads and value not in tails:
                        problems.append(f"p. {number}: '{value}' is split without a hyphen (or not in the data)")
            found.sort(key=lambda w: w["top"])
            for n, word in enumerate(found):
                for other in found[n + 1 :]:
                    if other["top"] >= word["bottom"] - TOLERANCE:
                        break
                    if min(word["x1"], other["x1"]) - max(word["x0"], other["x0"]) > TOLERANCE:
                        problems.append(f"p. {number}: '{word['text']}' overlaps '{other['text']}'")
            rules = [e for e in page.edges if e["orientation"] == "v"]
            for word in found:
                for rule in rules:
                    within = rule["top"] < word["bottom"] - TOLERANCE and rule["bottom"] > word["top"] + TOLERANCE
                    if within and word["x0"] + TOLERANCE < rule["x0"] < word["x1"] - TOLERANCE:
                        problems.append(f"p. {number}: '{word['text']}' runs across a rule at x={rule['x0']:.0f}")
    return problems
