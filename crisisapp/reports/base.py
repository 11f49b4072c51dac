"""What every CrisisApp PDF shares: A4 layout, styles, running header and footer with page x of y."""

from collections.abc import Sequence
from datetime import datetime
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Table, TableStyle

from crisisapp.timeutil import format_datetime

MARGIN = 18 * mm
PAGE_WIDTH, PAGE_HEIGHT = A4
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
ACCENT = colors.HexColor("#1f4e79")
HEADER_FILL = colors.HexColor("#dce6f0")
GRID = colors.HexColor("#9aa9b8")


def styles() -> StyleSheet1:
    sheet = getSampleStyleSheet()
    sheet["Title"].textColor = ACCENT
    sheet["Title"].alignment = TA_LEFT
    sheet["Heading1"].textColor = ACCENT
    sheet["Heading2"].textColor = ACCENT
    sheet["Heading1"].keepWithNext = True
    sheet["Heading2"].keepWithNext = True
    sheet.add(ParagraphStyle("Cell", parent=sheet["BodyText"], fontSize=8.5, leading=10.5, spaceBefore=0))
    sheet.add(ParagraphStyle("CellHead", parent=sheet["Cell"], fontName="Helvetica-Bold"))
    sheet.add(ParagraphStyle("Note", parent=sheet["BodyText"], fontSize=8, leading=10, textColor=colors.grey))
    sheet.add(ParagraphStyle("Label", parent=sheet["BodyText"], fontName="Helvetica-Bold", keepWithNext=True))
    return sheet


def text(value: str) -> str:
    """Plain text made safe for a Paragraph, line breaks kept."""
    return escape(value).replace("\n", "<br/>")


def table(rows: Sequence[Sequence[Any]], widths: Sequence[float]) -> Table:
    """A grid table with a shaded header row that repeats on every page."""
    result = Table(list(rows), colWidths=list(widths), repeatRows=1)
    result.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTSIZE", (0, 0), (-1, -1), 8.5),  # plain-text cells as large as the "Cell" paragraphs
                ("LEADING", (0, 0), (-1, -1), 10.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return result


CONFIDENTIAL = "Vertrouwelijk — bevat persoonsgegevens"
CONFIDENTIAL_RED = colors.HexColor("#b42318")


def render(story: list[Flowable], *, title: str, printed_at: datetime, confidential: bool = False) -> bytes:
    """Lay out ``story`` on A4 pages with the app's header and footer; return the PDF.

    ``confidential``: the report holds personal data (phone numbers, addresses); every page says so.
    """
    buffer = BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 6 * mm,
        bottomMargin=MARGIN + 4 * mm,
        title=title,
        author="Gemeente Maassluis",
        creator="CrisisApp",
    )
    frame = Frame(document.leftMargin, document.bottomMargin, document.width, document.height, id="content")
    document.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    footer_left = f"Afgedrukt op {format_datetime(printed_at)}"

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
            self.setFont("Helvetica", 8)
            self.setFillColor(colors.grey)
            top = PAGE_HEIGHT - MARGIN + 2 * mm
            self.drawString(MARGIN, top, "Gemeente Maassluis · crisisbeheersing en fysieke veiligheid")
            self.drawRightString(PAGE_WIDTH - MARGIN, top, title)
            self.setStrokeColor(GRID)
            self.line(MARGIN, top - 2 * mm, PAGE_WIDTH - MARGIN, top - 2 * mm)
            self.drawString(MARGIN, MARGIN, footer_left)
            self.drawRightString(PAGE_WIDTH - MARGIN, MARGIN, f"Pagina {self._pageNumber} van {page_count}")
            if confidential:
                self.setFont("Helvetica-Bold", 9)
                self.setFillColor(CONFIDENTIAL_RED)
                self.drawCentredString(PAGE_WIDTH / 2, MARGIN, CONFIDENTIAL)
                self.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - MARGIN + 7 * mm, CONFIDENTIAL)
            self.restoreState()

    document.build(story, canvasmaker=NumberedCanvas)
    return buffer.getvalue()
