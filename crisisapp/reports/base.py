"""What every CrisisApp PDF shares: A4 layout, the embedded DejaVu Sans family, Dutch hyphenation, tables whose
columns follow their content, and a running header and footer with page x of y and the marks that protect."""

import re
from collections.abc import Callable, Mapping, Sequence
from functools import cache, lru_cache
from importlib import resources
from io import BytesIO
from typing import Any, NamedTuple
from xml.sax.saxutils import escape, unescape

import pyphen
from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    LongTable,
    PageTemplate,
    Paragraph,
    TableStyle,
)
from reportlab.platypus.paragraph import _hy_letters  # the letters its hyphenation takes, to measure alike

from crisisapp.reports.printed import Printed
from crisisapp.timeutil import format_datetime

MARGIN = 18 * mm
PAGE_WIDTH, PAGE_HEIGHT = A4
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
#: The width of the text on a landscape page, for tables of many columns.
LANDSCAPE_WIDTH = PAGE_HEIGHT - 2 * MARGIN
ACCENT = colors.HexColor("#1f4e79")
HEADER_FILL = colors.HexColor("#dce6f0")
GRID = colors.HexColor("#9aa9b8")

# -- the font ------------------------------------------------------------------------------------------------------

#: DejaVu Sans (shipped in resources/fonts with its licence): Latin with every European diacritic, Greek and
#: Cyrillic, so that "Ayşe Şahin", "Łukasz Wróbel" and "Γιώργος Παπαδόπουλος" print as typed.
FONT = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
_FACES = {
    FONT: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique": "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique": "DejaVuSans-BoldOblique.ttf",
}
#: What a character the font has no glyph for (an emoji, a CJK character) prints as: a visible white square.
REPLACEMENT = "□"


@cache
def _glyphs() -> frozenset[int]:
    """Register the family once (ReportLab's registry is per process) and return the code points it covers."""
    folder = resources.files("crisisapp.resources") / "fonts"
    for name, file in _FACES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=BOLD, italic="DejaVuSans-Oblique", boldItalic="DejaVuSans-BoldOblique"
    )
    regular = pdfmetrics.getFont(FONT).face.charToGlyph
    bold = pdfmetrics.getFont(BOLD).face.charToGlyph
    return frozenset(regular) & frozenset(bold)


_glyphs()
#: Invisible characters that only modify the one before (variation selectors, skin tones, joiners): dropped when
#: the font lacks them, so that "👍🏽" is one replacement square and not three.
_MODIFIERS = re.compile("[\u200c\u200d\ufe00-\ufe0f\U0001f3fb-\U0001f3ff\U000e0100-\U000e01ef]")


def printable(value: str) -> str:
    """``value`` with every character the font cannot draw replaced by :data:`REPLACEMENT`."""
    if value.isascii():  # the font has every ASCII character
        return value
    glyphs = _glyphs()
    if all(ord(c) in glyphs or c == "\n" for c in value):
        return value
    kept = (c for c in value if ord(c) in glyphs or c == "\n" or not _MODIFIERS.match(c))
    return "".join(c if ord(c) in glyphs or c == "\n" else REPLACEMENT for c in kept)


def text(value: str) -> str:
    """Plain text made safe for a Paragraph (escaped, printable), line breaks kept."""
    return escape(printable(value)).replace("\n", "<br/>")


def keep(value: str) -> str:
    """Plain text that must never be split, such as a phone number: spaces made non-breaking. For a Paragraph
    in the :data:`KEEP` style (which also never splits a long word, so an e-mail address stays whole)."""
    return text(value).replace(" ", "\u00a0")


# -- hyphenation and styles ------------------------------------------------------------------------------------------

_DUTCH = pyphen.Pyphen(lang="nl_NL")


def _hyphenate(word: str) -> Any:
    """ReportLab's hyphenator: (head, tail) pairs of a word at its Dutch hyphenation points, longest head first."""
    return _DUTCH.iterate(word)


def styles() -> StyleSheet1:
    """ReportLab's sample sheet in DejaVu Sans with Dutch hyphenation, plus the app's cell, note and label
    styles; ``Keep`` is for cells that must never be split (names, e-mail addresses, phone numbers), ``Names``
    for a paragraph of names (never hyphenated)."""
    sheet = getSampleStyleSheet()
    for style in sheet.byName.values():
        if isinstance(style, ParagraphStyle):
            style.fontName = BOLD if "Bold" in style.fontName else FONT
            style.bulletFontName = FONT
            style.hyphenationLang = _hyphenate
            style.embeddedHyphenation = 2  # 2: a word that hyphenates on the next line goes there, not split
    sheet["Title"].textColor = ACCENT
    sheet["Title"].alignment = TA_LEFT
    sheet["Heading1"].textColor = ACCENT
    sheet["Heading2"].textColor = ACCENT
    sheet["Heading1"].keepWithNext = True
    sheet["Heading2"].keepWithNext = True
    sheet.add(ParagraphStyle("Cell", parent=sheet["BodyText"], fontSize=8.5, leading=10.5, spaceBefore=0))
    sheet.add(ParagraphStyle("CellHead", parent=sheet["Cell"], fontName=BOLD))
    sheet.add(ParagraphStyle("Keep", parent=sheet["Cell"], hyphenationLang="", embeddedHyphenation=0, splitLongWords=0))
    sheet.add(ParagraphStyle("Names", parent=sheet["BodyText"], hyphenationLang="", embeddedHyphenation=0))
    sheet.add(ParagraphStyle("Note", parent=sheet["BodyText"], fontSize=8, leading=10, textColor=colors.grey))
    sheet.add(ParagraphStyle("Label", parent=sheet["BodyText"], fontName=BOLD, keepWithNext=True))
    return sheet


def heading(markup: str, sheet: StyleSheet1, room: float = 40 * mm) -> list[Flowable]:
    """A Heading2 before a long table: it begins a new page only when less than ``room`` (the heading and a few
    rows) is left. (keepWithNext would keep it with the whole table and leave the page before half empty.)"""
    style = ParagraphStyle(f"{sheet['Heading2'].name}-loose", parent=sheet["Heading2"], keepWithNext=0)
    return [CondPageBreak(room), Paragraph(markup, style)]


# -- tables ----------------------------------------------------------------------------------------------------------

CELL_SIZE = 8.5
PADDING = 4
#: A text column is never made narrower than its longest word, up to this width; beyond it, words hyphenate.
READABLE: float = 20 * mm
_TAGS = re.compile(r"<[^>]*>")
#: Words ReportLab hyphenates: letters of its own list (Latin and Cyrillic, not Greek), maybe joined by hyphens.
_LETTERS = re.compile(f"^[{_hy_letters}]+(-[{_hy_letters}]+)*$")
#: What ReportLab's hyphenation leaves around a word (its _hy_pfx_pat and _hy_sfx_pat).
_PUNCTUATION = re.compile("^['\"([{\u00bf\u2018\u201a\u201c\u201e]+|[\\]'\")}?!.,;:\u2019\u201b\u201d\u201f]+$")
_SIZE = re.compile(r"<font[^>]*size=\"?([\d.]+)")


@lru_cache(maxsize=20000)
def _width(value: str, font: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(value, font, size))


@lru_cache(maxsize=20000)
def _narrowest(word: str, font: str, size: float) -> float:
    """The least width ``word`` can take: its widest piece between Dutch hyphenation points (with the hyphen and
    any punctuation around the word), but not less than the word itself up to :data:`READABLE`; a word that is
    not hyphenated (a number, an address, a short word) keeps its whole width."""
    whole = _width(word, font, size)
    core = _PUNCTUATION.sub("", word)
    if len(core) < 5 or not _LETTERS.match(core):
        return whole
    hyphen = _width("-", font, size)
    widest = 0.0
    for part in core.split("-"):
        pieces = _DUTCH.inserted(part).split("-")
        for n, piece in enumerate(pieces):
            widest = max(widest, _width(piece, font, size) + (hyphen if n < len(pieces) - 1 else 0))
    punctuation = whole - _width(core, font, size)
    return max(widest + punctuation, min(whole, READABLE))


@lru_cache(maxsize=20000)
def _measure_text(value: str, font: str) -> tuple[float, float]:
    lines = value.split("\n")
    natural = max(_width(line, font, CELL_SIZE) for line in lines)
    least = max((_narrowest(word, font, CELL_SIZE) for line in lines for word in line.split()), default=0.0)
    return least, natural


def _measure(cell: object, head: bool) -> tuple[float, float]:
    """(least, natural) width of a cell's content: plain text and a paragraph wrap between words and hyphenate
    Dutch words, unless the paragraph is in a style that keeps its words whole."""
    if isinstance(cell, Spanning):
        return 0.0, 0.0
    if isinstance(cell, Lines):
        return cell.measure()
    if isinstance(cell, str):
        return _measure_text(cell, BOLD if head else FONT)
    if isinstance(cell, Paragraph):
        markup: str = cell.text
        style = cell.style
        font = BOLD if "<b>" in markup or "Bold" in style.fontName else FONT
        size = max([style.fontSize, *(float(s) for s in _SIZE.findall(markup))])
        lines = unescape(_TAGS.sub("", markup.replace("<br/>", "\n"))).split("\n")
        natural = max(_width(line, font, size) for line in lines)
        if style.splitLongWords:
            least = max((_narrowest(word, font, size) for line in lines for word in line.split()), default=0.0)
        else:
            least = max((_width(word, font, size) for line in lines for word in line.split(" ")), default=0.0)
        return least, natural
    width = float(getattr(cell, "width", 0) or 0)
    return width, width


class Line(NamedTuple):
    """A line of plain text in a :class:`Lines` cell; ``whole``: never wrapped (a phone number)."""

    text: str
    font: str = FONT
    size: float = CELL_SIZE
    color: Color | None = None
    whole: bool = False

    @property
    def leading(self) -> float:
        """As the Cell style at its size; smaller lines (what goes with a name) closer, as they belong together."""
        return self.size * (LEADING_RATIO if self.size >= CELL_SIZE else 1.1)

    def pieces(self) -> list[str]:
        """The parts it may wrap between: its words, or all of it when whole."""
        return [self.text] if self.whole else self.text.split(" ")


#: The distance between lines as a share of the font size (the Cell style's 10.5 for 8.5).
LEADING_RATIO = 10.5 / 8.5


class Lines(Flowable):
    """A cell of a few lines of plain text, each in its own font, size and colour (a name, then smaller lines
    under it), wrapped between words and never within one: names, e-mail addresses and phone numbers stay
    whole. Drawn as plain strings, many times faster than a paragraph of markup."""

    def __init__(self, lines: Sequence[Line]) -> None:
        super().__init__()
        self.lines = [line._replace(text=printable(line.text)) for line in lines]
        self._wrapped: tuple[float, list[Line]] | None = None

    def measure(self) -> tuple[float, float]:
        """(least, natural) width: the longest word, and the longest line."""
        least = max(_width(piece, line.font, line.size) for line in self.lines for piece in line.pieces())
        return least, max(_width(line.text, line.font, line.size) for line in self.lines)

    def wrap(self, width_left: float, height_left: float) -> tuple[float, float]:
        if self._wrapped is None or self._wrapped[0] != width_left:
            shown: list[Line] = []
            for line in self.lines:
                current = ""
                for piece in line.pieces():
                    longer = f"{current} {piece}" if current else piece
                    if current and _width(longer, line.font, line.size) > width_left:
                        shown.append(line._replace(text=current))
                        longer = piece
                    current = longer
                shown.append(line._replace(text=current))
            self._wrapped = (width_left, shown)
        shown = self._wrapped[1]
        self.width = max(_width(line.text, line.font, line.size) for line in shown)
        self.height = sum(line.leading for line in shown)
        return self.width, self.height

    def draw(self) -> None:
        assert self._wrapped is not None
        text = self.canv.beginText()
        top = self.height
        style: tuple[str, float, Color | None] | None = None
        for line in self._wrapped[1]:
            top -= line.leading
            if style != (line.font, line.size, line.color):
                style = (line.font, line.size, line.color)
                text.setFont(line.font, line.size)
                text.setFillColor(line.color or colors.black)
            text.setTextOrigin(0, top + 0.2 * line.size)  # the glyphs within the line's band
            text.textOut(line.text)
        self.canv.drawText(text)


def fit_widths(
    rows: Sequence[Sequence[object]], total: float = CONTENT_WIDTH, *, alike: Sequence[int] = ()
) -> list[float]:
    """Column widths that follow the content: every column at least as wide as its longest unbreakable piece,
    the room left shared in proportion to how much more each column would take to print on one line. The
    columns ``alike`` hold the same kind of text (an old and a new value) and get the same width, so that a long
    address in one does not leave the other a sliver."""
    columns = max(len(row) for row in rows)
    least = [0.0] * columns
    naturals: list[list[float]] = [[] for _ in range(columns)]
    for number, row in enumerate(rows):
        for column, cell in enumerate(row):
            low, high = _measure(cell, number == 0)
            least[column] = max(least[column], low)
            if high or number == 0:  # an empty cell (a block's further rows) asks for nothing
                naturals[column].append(high)
    # A column asks for the width most of its cells need on one line: a rare long remark wraps in its own row
    # rather than narrowing every other column on every page. A column of short texts (a date, a status, a
    # name) asks for its widest, so that none of them wraps; its heading may (the first row).
    short = 1.5 * total / columns
    pad = 2 * PADDING + 1
    natural = [sorted(widths)[(len(widths) - 1) * 9 // 10] for widths in naturals]
    widest = [max(widths[1:], default=0.0) for widths in naturals]
    natural = [w if w + pad <= short else n for n, w in zip(natural, widest, strict=True)]
    least = [w + pad for w in least]
    natural = [max(n + pad, low) for n, low in zip(natural, least, strict=True)]
    if alike:  # as wide as the widest of them asks, as far as the room the other columns leave allows
        room = total - sum(low for c, low in enumerate(least) if c not in alike)
        common = max(least[c] for c in alike)
        while common > 0 and sum(max(least[c], common) for c in alike) > room:
            common -= 1.0
        wanted = max(natural[c] for c in alike)
        for column in alike:
            least[column] = max(least[column], common)
            natural[column] = max(wanted, least[column])
    if sum(natural) <= total:
        return [n * total / sum(natural) for n in natural]
    # Short columns print on one line, those that need least more first, as long as every column can still
    # have its least.
    for column in sorted(range(columns), key=lambda c: natural[c] - least[c]):
        if natural[column] <= short and sum(least) - least[column] + natural[column] <= total:
            least[column] = natural[column]
    if sum(least) <= total:
        share = (total - sum(least)) / (sum(natural) - sum(least))
        return [low + (n - low) * share for low, n in zip(least, natural, strict=True)]
    # Too wide even so (a long address among many columns): the widest columns give way, down to a common
    # width, and only their longest pieces are split; the narrow ones keep their words whole.
    cap = total / columns
    for number, low in enumerate(sorted(least)):
        room = (total - sum(sorted(least)[:number])) / (columns - number)
        if low > room:
            cap = room
            break
    return [min(low, cap) for low in least]


class Spanning(str):
    """Plain text in a cell that spans its whole row (the SPAN is the caller's to set): it takes no part in the
    column widths, and is measured against the table's width."""

    __slots__ = ()


@cache
def _cell_styles() -> tuple[ParagraphStyle, ParagraphStyle]:
    sheet = styles()
    return sheet["Cell"], sheet["CellHead"]


def _settled(cell: object, width: float, head: bool, total: float) -> object:
    """A cell as it is drawn fastest: text that fits on one line in ``width`` as a plain string (even when it
    came as a paragraph of plain text in the Cell, Keep or CellHead style), longer text as a paragraph that
    wraps; anything else as it came."""
    room = (total if isinstance(cell, Spanning) else width) - 2 * PADDING
    font = BOLD if head else FONT
    if isinstance(cell, str):
        if all(_width(line, font, CELL_SIZE) <= room for line in cell.split("\n")):
            return str(cell)
        body, header = _cell_styles()
        return Paragraph(text(cell), header if head else body)
    if isinstance(cell, Lines) and len(cell.lines) == 1 and not head:
        line = cell.lines[0]
        if line[1:4] == (FONT, CELL_SIZE, None) and _width(line.text, FONT, CELL_SIZE) <= room:
            return line.text
    plain = ("CellHead",) if head else ("Cell", "Keep")
    if isinstance(cell, Paragraph) and cell.style.name in plain and "<" not in cell.text:
        value = unescape(cell.text)
        if _width(value, font, CELL_SIZE) <= room:
            return value
    return cell


def _printable_cell(cell: object) -> object:
    if isinstance(cell, Spanning):
        return Spanning(printable(cell))
    return printable(cell) if isinstance(cell, str) else cell


#: The grid, shading, fonts and padding of every table; rows as in the whole table (header row 0).
TABLE_STYLE: tuple[tuple[Any, ...], ...] = (
    ("GRID", (0, 0), (-1, -1), 0.5, GRID),
    ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("FONT", (0, 0), (-1, -1), FONT, CELL_SIZE, 10.5),  # plain-text cells as large as the "Cell" paragraphs
    ("FONT", (0, 0), (-1, 0), BOLD, CELL_SIZE, 10.5),
    ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
    ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
)


class _PageTable(LongTable):
    """One page of a :class:`PagedTable`: ReportLab's table, with its plain-text cells written into one text
    object (per run of them between flowable cells) instead of a text object for every cell, which takes most
    of the time of a page of 25 rows of 9 columns."""

    _text: PDFTextObject | None = None
    _text_style: tuple[Any, ...] = ()  # the font and colour the text object is set to

    def draw(self) -> None:
        super().draw()
        self._flush()

    def _flush(self) -> None:
        if self._text is not None:
            self.canv.drawText(self._text)
            self._text = None

    def _drawCell(self, cellval: Any, cellstyle: Any, pos: tuple[float, float], size: tuple[float, float]) -> None:
        simple = not (cellstyle.href or cellstyle.destination or cellstyle.direction or cellstyle.shaping)
        just, valign = cellstyle.alignment, cellstyle.valign
        if isinstance(cellval, list | tuple | Flowable) or not simple or just not in ("LEFT", "CENTER", "CENTRE"):
            self._flush()  # what was written before is drawn before, in the order of the page
            super()._drawCell(cellval, cellstyle, pos, size)
            return
        (x, y), (width, height) = pos, size
        lines = str(cellval).split("\n")
        leading, font, fontsize = cellstyle.leading, cellstyle.fontname, cellstyle.fontsize
        if valign == "TOP":
            y += height - cellstyle.topPadding - fontsize
        elif valign == "MIDDLE":
            y += (cellstyle.bottomPadding + height - cellstyle.topPadding + len(lines) * leading) / 2 - fontsize
        else:
            y += cellstyle.bottomPadding + len(lines) * leading - fontsize
        if self._text is None:
            self._text = self.canv.beginText()
            self._text_style = ()
        text = self._text
        if self._text_style != (font, fontsize, leading, cellstyle.color):
            text.setFont(font, fontsize, leading)
            text.setFillColor(cellstyle.color)
            self._text_style = (font, fontsize, leading, cellstyle.color)
        for line in lines:
            if just == "LEFT":
                text.setTextOrigin(x + cellstyle.leftPadding, y)
            else:
                middle = x + (width + cellstyle.leftPadding - cellstyle.rightPadding) / 2
                text.setTextOrigin(middle - _width(line, font, fontsize) / 2, y)
            text._code.append(text._formatText(line))  # textOut, less the width it moves on: the next one is placed
            y -= leading


#: A style command with its place among the table's commands and its rows counted in the whole table.
_Command = tuple[Any, ...]


class _Body:
    """What the pages of a :class:`PagedTable` share: the rows, their widths, styles and heights once known."""

    #: A style command over more rows than this is looked at for every page; a shorter one only for its rows.
    LONG = 64

    def __init__(
        self, rows: list[list[object]], widths: list[float], carry: Mapping[int, Callable[[], object]]
    ) -> None:
        self.rows, self.widths, self.carry = rows, widths, carry
        self.commands: list[tuple[Any, ...]] = list(TABLE_STYLE)
        self.heights: list[float | None] = [None] * len(rows)
        self._index: tuple[list[_Command], dict[int, list[_Command]]] | None = None

    def rows_for(self, start: int, height: float) -> int:
        """How many rows from ``start`` to give a page of ``height``: a few more than fit, by the heights known
        and by their average for the rows not measured yet."""
        known = [h for h in self.heights[1 : start + 40] if h is not None]
        average = sum(known) / len(known) if known else 2 * CELL_SIZE
        filled, count = self.heights[0] or 0.0, 0
        for value in self.heights[start:]:
            if filled > height:
                break
            filled += average if value is None else value
            count += 1
        return count + 3

    def add(self, commands: Sequence[tuple[Any, ...]]) -> None:
        self.commands += commands
        self._index = None

    def commands_for(self, start: int, end: int) -> list[tuple[Any, ...]]:
        """The style commands of the header and of body rows ``start`` to ``end`` (not included), their rows
        counted in a table of the header and those rows."""
        if self._index is None:
            count = len(self.rows)
            long: list[_Command] = []
            short: dict[int, list[_Command]] = {}
            for number, (op, (c0, r0), (c1, r1), *args) in enumerate(self.commands):
                r0, r1 = r0 + count if r0 < 0 else r0, r1 + count if r1 < 0 else r1
                command = (number, op, c0, r0, c1, r1, *args)
                if r1 - r0 > self.LONG or r0 == 0:
                    long.append(command)
                else:
                    for row in range(r0, r1 + 1):
                        short.setdefault(row, []).append(command)
            self._index = long, short
        long, short = self._index
        found = {c[0]: c for row in range(start, end) for c in short.get(row, ())}  # each once
        shift = start - 1
        commands: list[tuple[Any, ...]] = []
        for _number, op, c0, r0, c1, r1, *args in sorted([*long, *found.values()], key=lambda c: c[0]):
            if r0 == 0:
                commands.append((op, (c0, 0), (c1, 0), *args))
            low, high = max(r0, start), min(r1, end - 1)
            if low <= high:
                commands.append((op, (c0, low - shift), (c1, high - shift), *args))
        return commands


class PagedTable(Flowable):
    """A table with a header row that repeats on every page, laid out a page at a time: each page is a table of
    only the rows that come next (a window of a few more than fit), split there by ReportLab. ReportLab itself
    would copy and measure the whole remaining table at every page break, which grows with the square of its
    length (a 2,000-row Logboek, 800 people in the contact list). Each row is measured once: the heights are
    kept for the pages after.

    ``carry``: for a body row, what makes its first cell when that row begins a page, so that a block of rows
    continued there says what it continues ("Gemeentesecretaris (vervolg)"); made only for the rows that do."""

    def __init__(self, body: _Body, start: int = 1) -> None:
        super().__init__()
        self.hAlign = "CENTER"
        self._body, self._start = body, start
        #: (width, height) asked, the page's table, whether it holds the rest, and its (width, height)
        self._laid: tuple[float, float, _PageTable, bool, float, float] | None = None

    def setStyle(self, style: TableStyle | Sequence[tuple[Any, ...]]) -> None:
        """More style commands, with rows counted in the whole table (header row 0), -1 for its last row."""
        self._body.add(style.getCommands() if isinstance(style, TableStyle) else style)
        self._laid = None

    def _measured(self, end: int, width: float, height: float) -> tuple[_PageTable, float, float]:
        """The table of the header and the body rows from the start up to ``end``, wrapped in (width, height);
        the rows' heights are kept for the pages after, and given to it, so that neither ReportLab's split nor
        its drawing measures them again."""
        body = self._body
        cells = body.rows[self._start : end]
        heights = [body.heights[0], *body.heights[self._start : end]]
        carried = self._start in body.carry
        if carried:
            cells[0] = [body.carry[self._start](), *cells[0][1:]]
            heights[1] = None  # its first cell is not the row's own
        placed = _PageTable([body.rows[0], *cells], colWidths=body.widths, rowHeights=heights, repeatRows=1)
        placed.setStyle(TableStyle(body.commands_for(self._start, end)))
        size = placed.wrap(width, height)
        if None in heights:
            measured: list[float | None] = list(placed._rowHeights)
            body.heights[0] = measured[0]
            for row, value in enumerate(measured[1:], self._start):
                if value is not None and not (carried and row == self._start):
                    body.heights[row] = value
            placed._argH = measured
        return placed, *size

    def wrap(self, width_left: float, height_left: float) -> tuple[float, float]:
        """The height of the rest of the table if it fits in ``height_left``; else more than that."""
        if self._laid and self._laid[:2] == (width_left, height_left):
            return self._laid[4:]
        window = self._body.rows_for(self._start, height_left)
        while True:
            end = min(len(self._body.rows), self._start + window)
            placed, width, height = self._measured(end, width_left, height_left)
            if height > height_left or end == len(self._body.rows):
                break
            window *= 2
        self._laid = (width_left, height_left, placed, height <= height_left, width, height)
        self.width, self.height = width, height
        return width, height

    def split(self, width_left: float, height_left: float) -> list[Flowable]:
        self.wrap(width_left, height_left)
        assert self._laid is not None
        placed, whole = self._laid[2:4]
        if whole:
            return [placed]
        parts = placed.split(width_left, height_left)
        if not parts:
            return []
        done = parts[0]._nrows - 1
        return [parts[0], PagedTable(self._body, self._start + done)]

    def draw(self) -> None:
        assert self._laid is not None
        self._laid[2].drawOn(self.canv, 0, 0)


def table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float] | None = None,
    *,
    total: float = CONTENT_WIDTH,
    carry: Mapping[int, Callable[[], object]] | None = None,
    alike: Sequence[int] = (),
) -> PagedTable:
    """A grid table with a shaded header row that repeats on every page; the column widths follow the content
    (:func:`fit_widths` over ``total``) unless given. Plain strings are text that wraps like a Cell paragraph
    when it must; what fits on one line is drawn as a plain string, many times faster than a paragraph. Laid
    out a page at a time (:class:`PagedTable`, which also takes ``carry``), so a long table takes time in
    proportion to its length."""
    cells = [[_printable_cell(cell) for cell in row] for row in rows]
    columns = list(widths) if widths else fit_widths(cells, total, alike=alike)
    cells = [
        [_settled(cell, width, number == 0, sum(columns)) for cell, width in zip(row, columns, strict=False)]
        for number, row in enumerate(cells)
    ]
    return PagedTable(_Body(cells, columns, carry or {}))


# -- the page ------------------------------------------------------------------------------------------------------

CONFIDENTIAL = "Vertrouwelijk — bevat persoonsgegevens"
#: On every page of a document that shows when an unannounced drill takes place.
INTERNAL = "Intern — bevat de datum van een onaangekondigde oefening"
CONFIDENTIAL_RED = colors.HexColor("#b42318")


def shortened(value: str, width: float, font: str, size: float) -> str:
    """``value`` cut at a word with "…" so that it takes at most ``width``."""
    if _width(value, font, size) <= width:
        return value
    words = value.split()
    while words and _width(" ".join(words) + " …", font, size) > width:
        words.pop()
    return " ".join(words) + " …" if words else "…"


def render(
    story: list[Flowable],
    *,
    title: str,
    printed: Printed,
    confidential: bool = False,
    internal: bool = False,
    landscape: bool = False,
) -> bytes:
    """Lay out ``story`` on A4 pages with the app's header and footer (``printed``: when and for whom); return the PDF.

    ``confidential``: the report holds personal data (phone numbers, addresses); every page says so.
    ``internal``: the report shows the date of an unannounced activity; every page says so.
    ``landscape``: A4 turned, for a table of many columns (:data:`LANDSCAPE_WIDTH`).
    """
    width, height = (PAGE_HEIGHT, PAGE_WIDTH) if landscape else (PAGE_WIDTH, PAGE_HEIGHT)
    buffer = BytesIO()
    marks = [mark for mark, on in ((CONFIDENTIAL, confidential), (INTERNAL, internal)) if on]
    document = BaseDocTemplate(
        buffer,
        pagesize=(width, height),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 6 * mm,
        bottomMargin=MARGIN + 4 * mm,
        title=printable(title),
        author=f"Gemeente {printed.municipality}",
        creator="CrisisApp",
    )
    frame = Frame(document.leftMargin, document.bottomMargin, document.width, document.height, id="content")
    document.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    footer_left = f"Afgedrukt op {format_datetime(printed.at)}"
    # The running title takes the room the house name leaves; a long one is shortened, never overprinted.
    house = printed.house()
    running_title = shortened(printable(title), width - 2 * MARGIN - _width(house, FONT, 8) - 6 * mm, FONT, 8)

    class NumberedCanvas(Canvas):
        """Defers drawing the running texts until the page count is known."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for state in self._pages:
                self.__dict__.update(state)
                self._draw_running_texts(len(self._pages))
                super().showPage()
            super().save()

        def _draw_running_texts(self, page_count: int) -> None:
            self.saveState()
            self.setFont(FONT, 8)
            self.setFillColor(colors.grey)
            top = height - MARGIN + 2 * mm
            self.drawString(MARGIN, top, house)
            self.drawRightString(width - MARGIN, top, running_title)
            self.setStrokeColor(GRID)
            self.line(MARGIN, top - 2 * mm, width - MARGIN, top - 2 * mm)
            self.drawString(MARGIN, MARGIN, footer_left)
            self.drawRightString(width - MARGIN, MARGIN, f"Pagina {self._pageNumber} van {page_count}")
            self.setFont(BOLD, 8.5)
            self.setFillColor(CONFIDENTIAL_RED)
            for n, mark in enumerate(marks):  # above the header and below the footer, each on its own line
                self.drawCentredString(width / 2, height - MARGIN + (6 + 4 * n) * mm, mark)
                self.drawCentredString(width / 2, MARGIN - (4 + 4 * n) * mm, mark)
            self.restoreState()

    document.build(story, canvasmaker=NumberedCanvas)
    return buffer.getvalue()
