"""The one print preview of the app: shows a PDF's pages, prints them, saves the PDF."""

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QLabel, QToolBar, QVBoxLayout, QWidget

from crisisapp.context import AppContext
from crisisapp.errors import CrisisAppError
from crisisapp.files import write_file_atomically
from crisisapp.ui import interaction
from crisisapp.ui.mainwindow import DEFAULT_SIZE, FRAME_ROOM

ZOOM_STEP = 1.25


class PdfPreviewDialog(QDialog):
    def __init__(
        self, context: AppContext, title: str, pdf: bytes, suggested_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Afdrukvoorbeeld – %1").replace("%1", title))
        self.pdf = pdf
        self.suggested_name = suggested_name
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)

        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)

        toolbar = QToolBar(self)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.print_action = self._action(toolbar, self.tr("Afdrukken…"), QKeySequence.StandardKey.Print)
        self.print_action.triggered.connect(self.print_document)
        self.save_action = self._action(toolbar, self.tr("Opslaan als PDF…"), QKeySequence.StandardKey.Save)
        self.save_action.triggered.connect(self.save_pdf)
        toolbar.addSeparator()
        self._action(toolbar, self.tr("Kleiner"), QKeySequence.StandardKey.ZoomOut).triggered.connect(
            lambda: self._zoom(1 / ZOOM_STEP)
        )
        self._action(toolbar, self.tr("Groter"), QKeySequence.StandardKey.ZoomIn).triggered.connect(
            lambda: self._zoom(ZOOM_STEP)
        )
        self._action(toolbar, self.tr("Paginabreedte"), None).triggered.connect(
            lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        )
        toolbar.addSeparator()
        pages = self.document.pageCount()
        count = self.tr("1 pagina") if pages == 1 else self.tr("%1 pagina's").replace("%1", str(pages))
        self.page_count_label = QLabel(count, self)
        toolbar.addWidget(self.page_count_label)
        close = self._action(toolbar, self.tr("Sluiten"), QKeySequence.StandardKey.Close)
        close.triggered.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(toolbar)
        layout.addWidget(self.view)
        # as tall as the main window opens, and never beyond the screen (its frame included)
        room = self.screen().availableGeometry().size() - QSize(*FRAME_ROOM)
        self.resize(QSize(900, DEFAULT_SIZE[1]).boundedTo(room))

    def _action(self, toolbar: QToolBar, text: str, shortcut: QKeySequence.StandardKey | None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        toolbar.addAction(action)
        return action

    def _zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(4.0, self.view.zoomFactor() * factor)))

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.suggested_name)
        printer.setFromTo(1, self.document.pageCount())
        first = self.document.pagePointSize(0)
        if first.width() > first.height():  # a landscape document (the Logboek) on landscape paper, full size
            printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        if interaction.print_setup(self, printer):
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Render the chosen pages onto ``printer``, each scaled to fit the printable area."""
        first = max(1, printer.fromPage() or 1)
        last = min(self.document.pageCount(), printer.toPage() or self.document.pageCount())
        painter = QPainter()
        if not painter.begin(printer):
            interaction.warning(self, self.tr("Afdrukken"), self.tr("De printer kan niet worden gestart."))
            return
        try:
            dpi = min(printer.resolution(), 300)
            for number in range(first, last + 1):
                if number > first:
                    printer.newPage()
                points = self.document.pagePointSize(number - 1)
                size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
                image = self.document.render(number - 1, size)
                target = painter.viewport()
                scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.setViewport(target.x(), target.y(), scaled.width(), scaled.height())
                painter.setWindow(image.rect())
                painter.drawImage(QPointF(0, 0), image)
                painter.setViewport(target)
        finally:
            painter.end()

    def save_pdf(self) -> None:
        save_pdf_as(self, self.context, self.pdf, self.suggested_name)


def save_pdf_as(parent: QWidget, context: AppContext, pdf: bytes, suggested_name: str) -> Path | None:
    """Ask where to save ``pdf`` and write it there; the path written, or None."""
    return save_file(
        parent, context, parent.tr("Opslaan als PDF"), suggested_name, parent.tr("PDF-bestanden (*.pdf)"), pdf
    )


def save_file(
    parent: QWidget, context: AppContext, title: str, suggestion: str, filters: str, data: bytes
) -> Path | None:
    """Ask where to save ``data`` (a PDF, an export) and write it there through a temporary file, never onto the
    open database, a file that belongs to it, or into its backup folder; the path written, or None (cancelled, or
    refused with a message). The suggestion's extension is added when the name chosen has none."""
    chosen = interaction.save_filename(parent, title, suggestion, filters)
    if not chosen:
        return None
    path = Path(chosen)
    extension = Path(suggestion).suffix
    if extension and path.suffix.lower() != extension:
        path = path.with_name(f"{path.name}{extension}")
    try:
        return write_file_atomically(context.output_path(path), data)
    except CrisisAppError as exc:
        interaction.warning(parent, parent.tr("Opslaan mislukt"), str(exc))
        return None
