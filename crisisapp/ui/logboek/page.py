"""*Logboek wijzigingen*: the audit trail, read-only, with filters."""

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crisisapp.context import AppContext
from crisisapp.services import audit
from crisisapp.services.audit import AuditFilter, AuditRecord
from crisisapp.timeutil import AMSTERDAM, to_local
from crisisapp.ui.forms import FieldMessage, date_edit, pydate
from crisisapp.ui.page import Page, PrintJob
from crisisapp.ui.widgets import TextTableModel, labelled, named, page_header, record_table

HEADERS = audit.HEADERS


class AuditTableModel(TextTableModel):
    """The entries of the audit trail; up to :attr:`LogboekPage.LIMIT` of them, handed to the view a page at a
    time as it scrolls."""

    HEADERS = audit.HEADERS
    BATCH = 100

    def texts(self, record: AuditRecord) -> tuple[str, ...]:
        """The cells of an entry as the user reads them, on screen and on paper."""
        return audit.texts(record)

    def all_texts(self) -> list[tuple[str, ...]]:
        return [self.texts(self.record(row)) for row in range(self.total())]


class LogboekPage(Page):
    LIMIT = 2000

    def __init__(self, context: AppContext, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(context, undo_stack, parent)

        self.table_filter = QComboBox(self)
        self.user_filter = QComboBox(self)
        for combo in (self.table_filter, self.user_filter):
            # Parts and users that appear later must not be cut off either.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        today = self._today()
        self.since_edit = date_edit(self, pydate(today.addMonths(-1)))
        self.until_edit = date_edit(self, pydate(today))
        self.text_filter = named(QLineEdit(self), self.tr("Zoeken in waarden en acties"))
        self.text_filter.setPlaceholderText(self.tr("Zoeken in waarden en acties…"))
        self.text_filter.setClearButtonEnabled(True)
        filters = QHBoxLayout()
        for label, widget in (
            (self.tr("Onderdeel:"), self.table_filter),
            (self.tr("Gebruiker:"), self.user_filter),
            (self.tr("Van:"), self.since_edit),
            (self.tr("Tot en met:"), self.until_edit),
        ):
            filters.addWidget(labelled(self, label, widget))
            filters.addWidget(widget)
        filters.addWidget(self.text_filter, 1)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("hint")
        self.model = AuditTableModel()
        self.view = record_table(self, self.model, self.tr("Wijzigingen"))
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        # Within the page's width on a laptop screen, so that "Nieuwe waarde" keeps room; long texts show whole
        # on hover, and every column can be widened.
        moment = self.view.fontMetrics().horizontalAdvance("wo 30-09-2026 23:59") + 16  # whole, in any font
        for column, width in enumerate((moment, 80, 190, 170, 40, 80, 100, 120)):
            self.view.setColumnWidth(column, width)

        layout = QVBoxLayout(self)
        titles, _subtitle = page_header(
            self,
            self.tr("Logboek wijzigingen"),
            self.tr("Wie wat wanneer heeft gewijzigd, in alle onderdelen · alleen-lezen"),
        )
        self.print_button = QPushButton(self.tr("Afdrukken…"), self)
        self.print_button.setToolTip(self.tr("De gekozen wijzigingen afdrukken (Ctrl+P)"))
        self.print_button.clicked.connect(self.print_requested)
        heading = QHBoxLayout()
        heading.addLayout(titles, 1)
        heading.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(heading)
        layout.addLayout(filters)
        self.date_message = FieldMessage(self, self.since_edit, self.until_edit)
        layout.addWidget(self.date_message)
        layout.addWidget(self.count_label)
        layout.addWidget(self.view, 1)

        self._fill_choices()
        self.table_filter.currentIndexChanged.connect(self.refresh)
        self.user_filter.currentIndexChanged.connect(self.refresh)
        self.since_edit.dateChanged.connect(self.refresh)
        # Until the user picks an end date, the list runs up to today, also after midnight.
        self._until_follows_today = True
        self.until_edit.dateChanged.connect(self._until_chosen)
        self.text_filter.textChanged.connect(self.refresh)
        self.refresh()

    def _fill_choices(self) -> None:
        tables, users = self.context.call(audit.choices)
        for combo, values, label in (
            (self.table_filter, [(audit.table_label(t), t) for t in tables], self.tr("alle onderdelen")),
            (self.user_filter, [(u, u) for u in users], self.tr("alle gebruikers")),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(label, None)
            for text, value in values:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)

    def current_filter(self) -> AuditFilter:
        def start_of(day: QDate) -> datetime:
            return datetime.combine(date(day.year(), day.month(), day.day()), time(0, 0), tzinfo=AMSTERDAM)

        return AuditFilter(
            table=self.table_filter.currentData(),
            user=self.user_filter.currentData(),
            since=start_of(self.since_edit.date()),
            until=start_of(self.until_edit.date()) + timedelta(days=1),
            text=self.text_filter.text(),
        )

    def _until_chosen(self) -> None:
        self._until_follows_today = False
        self.refresh()

    def _today(self) -> QDate:
        now = to_local(self.context.now())
        return QDate(now.year, now.month, now.day)

    def refresh(self) -> None:
        if self._until_follows_today and self.until_edit.date() != self._today():
            self.until_edit.blockSignals(True)
            self.until_edit.setDate(self._today())
            self.until_edit.blockSignals(False)
        if self.since_edit.date() > self.until_edit.date():  # not "0 wijzigingen", as if nothing had changed
            self.model.set_rows(())
            self.count_label.setText(self.tr("Van ligt na Tot en met: kies een periode."))
            return
        rows, total = self.context.call(audit.entries, self.current_filter(), self.LIMIT)
        self.model.set_rows(rows)
        self.count_label.setText(audit.count_text(len(rows), total))

    def data_changed(self, tables: frozenset[str]) -> None:
        self._fill_choices()
        self.refresh()

    def selection_text(self) -> str:
        """Which entries the filters choose, in words, for the printed list."""
        return audit.selection_text(
            self.table_filter.currentText(),
            self.user_filter.currentText(),
            pydate(self.since_edit.date()),
            pydate(self.until_edit.date()),
            self.text_filter.text(),
        )

    def can_print(self) -> bool:
        return True

    def print_job(self) -> PrintJob | None:
        from crisisapp.reports.logboek import TITLE, logboek_pdf

        headers = [self.tr(header) for header in HEADERS]
        pdf = logboek_pdf(
            headers, self.model.all_texts(), self.selection_text(), self.count_label.text(), self.context.printed()
        )
        day = to_local(self.context.now()).date()
        return PrintJob(self.tr(TITLE), pdf, f"logboek-wijzigingen-{day:%Y-%m-%d}.pdf")
