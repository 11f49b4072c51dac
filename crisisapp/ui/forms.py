"""The form pieces every page uses: the one field for a date (or a date with a time), and a dialog that says under
each field what is wrong, takes the message away as soon as it is right, and always fits with its buttons in view."""

import html
from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from functools import partial
from itertools import count, takewhile

from PySide6.QtCore import (
    SIGNAL,
    QDate,
    QDateTime,
    QLocale,
    QModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTime,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QPixmap,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from crisisapp.context import AppContext
from crisisapp.errors import CrisisAppError, ValidationError
from crisisapp.timeutil import (
    DATE_EXAMPLES,
    MOMENT_EXAMPLES,
    MONTHS,
    TimeInputError,
    date_text,
    moment_text,
    parse_date,
    parse_moment,
    to_local,
    to_utc,
    utcnow,
)
from crisisapp.ui import interaction
from crisisapp.ui.widgets import named, spoken

DUTCH = QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands)
#: Without a narrower range of its own a field takes dates of this century only: a year like 2207 or 0227 is a
#: slip of the finger, never a date the crisis team plans or records.
EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)
#: A calendar day; inside DateField the name ``date`` is its method.
Day = date
ERROR_COLOUR = "#b42318"
INVALID_BACKGROUND = "#fdecea"
#: A field's widgets that a user types in, picks from or ticks; the rest (labels, lists, tables) only hold them.
_INPUTS = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox, QAbstractButton)
#: What holds the user's input in a form: the inputs, and the lists they tick or choose items in.
_HOLDERS = (*_INPUTS, QAbstractItemView)
#: The signal each kind of input gives when the user changes it.
_EDITED = (
    ((QLineEdit, QPlainTextEdit, QTextEdit, QSpinBox, QDoubleSpinBox), "textChanged"),
    ((QComboBox,), "currentTextChanged"),
    ((QDateTimeEdit,), "dateTimeChanged"),
    ((QAbstractButton,), "toggled"),
)


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _calendar_icon(palette: QPalette) -> QIcon:
    """A small calendar sheet in the text colour, for the button that opens the calendar."""
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    colour = palette.color(QPalette.ColorRole.Text)
    painter = QPainter(pixmap)
    painter.setPen(colour)
    painter.drawRect(1, 3, 13, 11)
    painter.fillRect(1, 3, 14, 3, colour)
    for x in (4, 11):
        painter.drawLine(x, 1, x, 4)
    for x in (4, 7, 10):
        for y in (8, 11):
            painter.fillRect(x, y, 2, 2, colour)
    painter.end()
    return QIcon(pixmap)


class DateField(QLineEdit):
    """The one field for a date, or a date with a (Dutch) time, everywhere in the app.

    The user types what they would write or say — ``31-3-2027``, ``31-3-27``, ``vandaag``, ``morgen 9:00``,
    ``nu`` — or picks a day from the calendar (its button, Alt+↓ or F4). Focus selects all, so typing replaces
    the value. Text that is no date, a date or time that does not exist, or a date outside the field's range is
    never turned into another: the text stays, the field turns red and says why (:meth:`problem`, and under the
    field in a :class:`FormDialog`). A valid entry is shown in full once the user is done, so they see how it
    was read. ``date()`` and ``dateTime()`` are the latest valid value; "vandaag" and "nu" come from the app's
    clock (the context of the page the field is on, or :meth:`setClock`).
    """

    #: The date changed (typed and finished, picked, or set): like QDateEdit's.
    dateChanged = Signal(QDate)  # noqa: N815 (QDateEdit's name, which the pages use)
    #: The date or the time changed: like QDateTimeEdit's.
    dateTimeChanged = Signal(QDateTime)  # noqa: N815

    def __init__(self, parent: QWidget | None, value: Day | datetime, *, with_time: bool) -> None:
        super().__init__(parent)
        self.with_time = with_time
        self._clock: Callable[[], datetime] | None = None
        self._minimum, self._maximum = EARLIEST, LATEST
        # the value as an aware UTC moment: a date field holds the start of its day
        self._moment = self._committed = self._as_moment(value)
        self._problem = ""
        self._marked = False
        self._calendar: _CalendarPopup | None = None
        self.setPlaceholderText(self.tr("dd-mm-jjjj uu:mm") if with_time else self.tr("dd-mm-jjjj"))
        self.setToolTip(
            (MOMENT_EXAMPLES if with_time else DATE_EXAMPLES) + self.tr(" Alt+pijl omlaag opent de kalender.")
        )
        self._tip = ""  # the tooltip to give back when a marked field is right again
        calendar_action = self.addAction(_calendar_icon(self.palette()), QLineEdit.ActionPosition.TrailingPosition)
        calendar_action.setToolTip(self.tr("Kalender (Alt+pijl omlaag)"))
        calendar_action.triggered.connect(self.show_calendar)
        self.textChanged.connect(self._read)
        self._show(self._committed)

    # -- the value ---------------------------------------------------------------------------------------------

    def date(self) -> QDate:
        return qdate(self.day())

    def dateTime(self) -> QDateTime:
        local = to_local(self._moment)
        return QDateTime(qdate(local.date()), QTime(local.hour, local.minute))

    def day(self) -> Day:
        return to_local(self._moment).date()

    def moment(self) -> datetime:
        """The date and time as an aware UTC moment (a date field: the start of its day)."""
        return self._moment

    def problem(self) -> str:
        """What is wrong with the text as it stands, in Dutch; "" when it is a valid value."""
        return self._problem

    def setDate(self, day: QDate | Day) -> None:
        """Another day; a date-and-time field keeps its time of day."""
        text = date_text(pydate(day) if isinstance(day, QDate) else day)
        if self.with_time:
            text += f" {to_local(self._committed):%H:%M}"
        self._take(text)

    def setDateTime(self, value: QDateTime | datetime) -> None:
        """Another moment: a QDateTime is read as Dutch time (as QDateTimeEdit shows it), a datetime must be aware."""
        if isinstance(value, QDateTime):
            day, clock = value.date(), value.time()
            local = datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute())
            self._take(f"{local:%d-%m-%Y %H:%M}" if self.with_time else date_text(local.date()))
        else:
            self._take(moment_text(value) if self.with_time else date_text(to_local(value).date()))

    def setMinimumDate(self, day: QDate) -> None:
        self._minimum = pydate(day)
        self._read(self.text())

    def setMaximumDate(self, day: QDate) -> None:
        self._maximum = pydate(day)
        self._read(self.text())

    def setClock(self, clock: Callable[[], datetime]) -> None:
        """The clock for "vandaag" and "nu" when the field is not on a page (whose context has the app's clock)."""
        self._clock = clock

    def commit(self) -> None:
        """Take what the user typed: show a valid value in full and tell who listens, or mark what is wrong."""
        if not self._problem:
            self._show(self._moment)
            before, self._committed = self._committed, self._moment
            if to_local(before).date() != self.day():
                self.dateChanged.emit(self.date())
            if before != self._moment:
                self.dateTimeChanged.emit(self.dateTime())
        self._mark(self._problem)

    # -- the calendar ------------------------------------------------------------------------------------------

    def show_calendar(self) -> None:
        """The month of the field's date, to pick a day from; below the field, or above it near the screen's end."""
        if self._calendar is None:
            self._calendar = _CalendarPopup(self)
        popup = self._calendar
        popup.setDateRange(qdate(self._minimum), qdate(self._maximum))
        popup.setSelectedDate(self.date())
        size = popup.sizeHint()
        screen = self.screen().availableGeometry()
        spot = self.mapToGlobal(QPoint(0, self.height()))
        if spot.y() + size.height() > screen.bottom():
            spot = self.mapToGlobal(QPoint(0, -size.height()))
        spot.setX(max(screen.left(), min(spot.x(), screen.right() - size.width())))
        popup.setGeometry(QRect(spot, size))
        popup.show()
        popup.setFocus(Qt.FocusReason.PopupFocusReason)

    def pick(self, day: QDate) -> None:
        """A day picked in the calendar."""
        if self._calendar is not None:
            self._calendar.close()
        self.setFocus(Qt.FocusReason.PopupFocusReason)
        self.setDate(day)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        # the longest value whole, beside the calendar button
        longest = self.fontMetrics().horizontalAdvance("00-00-0000 00:00" if self.with_time else "00-00-0000")
        return QSize(max(hint.width(), longest + 4 * self.fontMetrics().averageCharWidth() + 24), hint.height())

    # -- keyboard and focus ------------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, alt = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        if key == Qt.Key.Key_F4 or (key == Qt.Key.Key_Down and alt):
            self.show_calendar()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.commit()
        super().keyPressEvent(event)  # on Enter: editingFinished, which a form answers with the message
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._problem:
            self.selectAll()
            event.accept()  # stay here until it is right: Enter goes no further

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        # after the click that gave the focus has placed the cursor: typing replaces the whole value
        QTimer.singleShot(0, self, self.selectAll)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:  # the calendar or a context menu is not leaving
            self.commit()

    # -- inside ------------------------------------------------------------------------------------------------

    def _as_moment(self, value: Day | datetime) -> datetime:
        if isinstance(value, datetime):
            return to_utc(value)
        return to_utc(datetime.combine(value, time()))

    def _take(self, text: str) -> None:
        """Set from code: read at once (also when signals are blocked) and committed like typed text."""
        self.setText(text)
        self._read(text)
        self.commit()

    def _show(self, moment: datetime) -> None:
        text = moment_text(moment) if self.with_time else date_text(to_local(moment).date())
        if self.text() != text:
            self.setText(text)

    def _now(self) -> datetime:
        if self._clock is not None:
            return self._clock()
        widget = self.parentWidget()
        while widget is not None:
            context = getattr(widget, "context", None)
            if isinstance(context, AppContext):
                return context.now()
            widget = widget.parentWidget()
        return utcnow()

    def _read(self, text: str) -> None:
        """Read the text as it stands; a valid value becomes the field's value and clears the red at once."""
        try:
            if self.with_time:
                moment = parse_moment(text, self._now(), self._committed)
            else:
                moment = self._as_moment(parse_date(text, to_local(self._now()).date()))
            self._check_range(to_local(moment).date())
        except TimeInputError as exc:
            # back to the value the user last finished with, never one that half-typed text happened to be
            self._moment, self._problem = self._committed, str(exc)
            return
        self._moment, self._problem = moment, ""
        self._mark("")

    def _check_range(self, day: Day) -> None:
        if day < self._minimum:
            raise TimeInputError(
                self.tr("%1 kan hier niet: kies een datum vanaf %2.")
                .replace("%1", date_text(day))
                .replace("%2", date_text(self._minimum))
            )
        if day > self._maximum:
            raise TimeInputError(
                self.tr("%1 kan hier niet: kies een datum tot en met %2.")
                .replace("%1", date_text(day))
                .replace("%2", date_text(self._maximum))
            )

    def _mark(self, problem: str) -> None:
        """Red, with the problem as tooltip, while the text is wrong; as before once it is right."""
        if problem and not self._marked:
            self._tip = self.toolTip()
            palette = self.palette()
            palette.setColor(QPalette.ColorRole.Text, QColor(ERROR_COLOUR))
            palette.setColor(QPalette.ColorRole.Base, QColor(INVALID_BACKGROUND))
            self.setPalette(palette)
        elif self._marked and not problem:
            self.setPalette(QPalette())  # the inherited colours again
            self.setToolTip(self._tip)
        self._marked = bool(problem)
        if problem:
            self.setToolTip(problem)


class _CalendarPopup(QCalendarWidget):
    """The calendar of a date field: Dutch, weeks from Monday with their ISO numbers; a click or Enter picks."""

    def __init__(self, field: DateField) -> None:
        super().__init__(field)
        self.setWindowFlags(Qt.WindowType.Popup)
        self.setLocale(DUTCH)
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.ISOWeekNumbers)
        self.setGridVisible(True)
        self.clicked.connect(field.pick)
        self.activated.connect(field.pick)


class FieldMessage(QLabel):
    """What is wrong with the text of date fields on a page (outside a form), in red where the page puts it: shown
    when the user leaves a field or presses Enter in it, gone as soon as the text is right again."""

    def __init__(self, parent: QWidget, *fields: DateField) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)  # messages quote what the user typed
        self.hide()
        self._fields = fields
        for field in fields:
            field.editingFinished.connect(self._say)
            field.textChanged.connect(self._clear_when_right)

    def _say(self) -> None:
        problem = next((field.problem() for field in self._fields if field.problem()), "")
        self.setText(problem)
        self.setVisible(bool(problem))

    def _clear_when_right(self) -> None:
        if not self.isHidden() and not any(field.problem() for field in self._fields):
            self.hide()


class MonthField(QWidget):
    """A month of a year, chosen by its Dutch name and the year: "maart 2027". Typing the first letters of a month
    picks it, the arrow keys step through the years; there is no day to get wrong."""

    #: The month changed; the first day of the new month.
    dateChanged = Signal(QDate)  # noqa: N815 (as the date fields say it)

    def __init__(self, parent: QWidget | None, day: Day) -> None:
        super().__init__(parent)
        self.month = QComboBox(self)
        self.month.addItems(list(MONTHS))
        self.year = QSpinBox(self)
        self.year.setRange(EARLIEST.year, LATEST.year)
        self.year.setGroupSeparatorShown(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.month)
        layout.addWidget(self.year)
        self.setFocusProxy(self.month)
        self.setDate(day)
        self.month.currentIndexChanged.connect(self._changed)
        self.year.valueChanged.connect(self._changed)

    def setAccessibleName(self, name: str) -> None:
        super().setAccessibleName(name)
        self.month.setAccessibleName(self.tr("%1, maand").replace("%1", name))
        self.year.setAccessibleName(self.tr("%1, jaar").replace("%1", name))

    def day(self) -> Day:
        """The first day of the month chosen."""
        return Day(self.year.value(), self.month.currentIndex() + 1, 1)

    def date(self) -> QDate:
        return qdate(self.day())

    def setDate(self, day: QDate | Day) -> None:
        chosen = pydate(day) if isinstance(day, QDate) else day
        if (chosen.year, chosen.month) == (self.year.value(), self.month.currentIndex() + 1):
            return
        for widget in (self.month, self.year):
            widget.blockSignals(True)
        self.month.setCurrentIndex(chosen.month - 1)
        self.year.setValue(chosen.year)
        for widget in (self.month, self.year):
            widget.blockSignals(False)
        self._changed()

    def _changed(self, *_args: object) -> None:
        self.dateChanged.emit(self.date())


def date_edit(parent: QWidget | None, day: date) -> DateField:
    return DateField(parent, day, with_time=False)


def datetime_edit(parent: QWidget | None, moment: datetime) -> DateField:
    return DateField(parent, moment, with_time=True)


def moment_of(edit: DateField) -> datetime:
    """The field's Dutch date and time as an aware UTC moment."""
    return edit.moment()


class _FieldsArea(QScrollArea):
    """The fields of a form: as tall as they need to be (a scroll area's own hint stops at 24 lines), scrolling
    only where the screen is too small, so that the buttons below them always stay in view."""

    def __init__(self, fields: QWidget, parent: QWidget) -> None:
        super().__init__(parent)
        self.fields = fields
        self.setWidget(fields)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def content_height(self, width: int) -> int:
        """The height the fields need at ``width``, every message wrapped."""
        if self.fields.hasHeightForWidth():
            return self.fields.heightForWidth(width)
        return self.fields.sizeHint().height()

    def sizeHint(self) -> QSize:
        width = self.fields.sizeHint().width()
        return QSize(width, self.content_height(max(width, self.viewport().width())))


def _inputs(widget: QWidget, kinds: tuple[type[QWidget], ...] = _INPUTS) -> Iterator[QWidget]:
    """The inputs (or other ``kinds``) in ``widget``, in the order they were put in it; an input's own parts are
    not inputs."""
    if isinstance(widget, kinds):
        yield widget
        return
    for child in widget.children():
        if isinstance(child, QWidget):
            yield from _inputs(child, kinds)


def _typed(widget: QLineEdit | QPlainTextEdit | QComboBox) -> str:
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    return widget.text()


def _held(widget: QWidget) -> object:
    """What ``widget`` (one of :data:`_HOLDERS`) holds of the user's input, to compare with what it held before:
    the text, the choice or the tick; a list's items with their ticks, and the items chosen where the list lets
    the user choose several (a single choice in a list is only the item the user is on)."""
    if isinstance(widget, QComboBox):
        return widget.currentIndex(), widget.currentText()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QLineEdit | QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QAbstractButton):
        return widget.isChecked()
    assert isinstance(widget, QAbstractItemView)
    model = widget.model()
    cells = [
        (index.data(), index.data(Qt.ItemDataRole.CheckStateRole))
        for row in range(model.rowCount())  # a list's model keeps its count of columns (one) to itself
        for index in takewhile(QModelIndex.isValid, (model.index(row, column) for column in count()))
    ]
    several = (QAbstractItemView.SelectionMode.MultiSelection, QAbstractItemView.SelectionMode.ExtendedSelection)
    chosen = sorted((index.row(), index.column()) for index in widget.selectionModel().selectedIndexes())
    return cells, chosen if widget.selectionMode() in several else []


class FormDialog(QDialog):
    """A form with a message line under each field.

    Opslaan checks the required fields (:meth:`require`, marked with an asterisk and explained by a legend), the
    date fields, and the dialog's own rules (:meth:`validate`); while anything is wrong it refuses and says so
    under the field. A message shown by these checks goes as soon as its field is right, while the user types;
    a message a subclass shows itself (:meth:`show_errors`) stays until the next Opslaan, except a refusal of the
    command Opslaan ran (shown above the buttons), which goes at the user's first change. The dialog grows with
    its messages up to the screen's height, beyond which the fields scroll, never the buttons. Enter moves to
    the next field and, from the last, saves; Ctrl+Enter saves from anywhere: a half-filled form is never sent
    by an Enter meant to go on to the next line. Escape, Annuleren or the window's cross close the form at once
    when nothing in it differs from what it was opened with, and otherwise first ask whether to throw the
    changes away.
    """

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.errors: dict[str, QLabel] = {}
        self._captions: dict[str, tuple[QLabel, str]] = {}
        self._fields: dict[str, QWidget] = {}
        self._dates: dict[str, list[DateField]] = {}
        self._required: dict[str, tuple[QLineEdit | QPlainTextEdit | QComboBox, str]] = {}
        #: The fields whose shown message came from the form's own checks (required, dates, validate()): it goes
        #: as soon as the field is right.
        self._live: set[str] = set()
        #: The height it opened with (a subclass may have set it); messages that go take it back to that.
        self._opening_height = 0
        self._save: Callable[[], object] | None = None
        #: Whether the general message is a refusal of the last Opslaan: any change may make it wrong, so it goes.
        self._refused = False
        #: What the form's fields held when it was shown: Escape, Annuleren and the window's cross ask before
        #: throwing away anything else.
        self._opened: list[object] | None = None
        fields = QWidget(self)
        fields.setLayout(self.form)
        self.fields_area = _FieldsArea(fields, self)
        self.general = self._message_label()  # messages about no field in particular
        self.legend = QLabel(f"<span style='color:{ERROR_COLOUR}'>*</span> " + html.escape(self.tr("verplicht")), self)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setObjectName("hint")
        self.legend.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Opslaan"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuleren"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.legend)
        bottom.addWidget(self.buttons, 1)
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.fields_area, 1)
        self._layout.addWidget(self.general)
        self._layout.addLayout(bottom)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.accept)

    # -- building ----------------------------------------------------------------------------------------------

    def add_field(self, key: str, label: str, widget: QWidget) -> None:
        caption = QLabel(label, self)
        caption.setTextFormat(Qt.TextFormat.PlainText)
        error = self._message_label()
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(widget)
        box.addWidget(error)
        self.form.addRow(caption, box)
        self.errors[key] = error
        self._captions[key] = (caption, label)
        self._fields[key] = widget
        self._dates[key] = [w for w in (widget, *widget.findChildren(DateField)) if isinstance(w, DateField)]
        for field in self._dates[key]:
            field.editingFinished.connect(partial(self._input_checked, key, field))
        for item in _inputs(widget):
            if isinstance(item, QPlainTextEdit | QTextEdit):
                item.setTabChangesFocus(True)  # Tab goes on to the next field, as everywhere in the form
            for kinds, signal in _EDITED:
                if isinstance(item, kinds):
                    getattr(item, signal).connect(self._revalidate)
                    break
        target = self._target(key)
        if label and target is not None:
            caption.setBuddy(target)
            if not (isinstance(target, QAbstractButton) and target.text()) and not target.accessibleName():
                named(target, label)  # a check box says its own text; a name given before stays
        self._name_switched(label, widget)
        self._caption(key)

    @staticmethod
    def _name_switched(label: str, widget: QWidget) -> None:
        """An input behind a check box that switches it on ("tot en met" and a date) is named after both: "Einde:
        tot en met"."""
        switch: QAbstractButton | None = None
        for item in _inputs(widget):
            if isinstance(item, QCheckBox) and item.text():
                switch = item
            elif switch is not None and not isinstance(item, QAbstractButton) and not item.accessibleName():
                named(item, f"{spoken(label)}: {spoken(switch.text())}")
                switch = None

    def add_fields(self, *fields: tuple[str, str, QWidget]) -> None:
        """Several fields at once: (key, label, widget) each."""
        for key, label, widget in fields:
            self.add_field(key, label, widget)

    def require(self, key: str, widget: QLineEdit | QPlainTextEdit | QComboBox, message: str) -> None:
        """The field ``key`` may not be left empty; ``message`` says so under it."""
        self._required[key] = (widget, message)
        self.legend.show()
        self._caption(key)

    def on_save(self, save: Callable[[], object]) -> None:
        """Opslaan, once the form is right, runs ``save`` (which carries out the user's command); a refusal it
        raises (:class:`CrisisAppError`) is shown in the form, which stays open with everything the user typed."""
        self._save = save

    def validate(self) -> dict[str, str]:
        """The dialog's own rules: what is wrong per field key (in Dutch); run on Opslaan and, while a message
        shows, on every change, so that the message goes as soon as the input is right."""
        return {}

    # -- checking ----------------------------------------------------------------------------------------------

    def accept(self) -> None:
        problems = self._problems()
        if problems:
            self._display(problems, live=set(problems))
            first = next((key for key in self._fields if key in problems), None)
            target = self._target(first) if first is not None else None
            if target is not None:
                target.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if self._save is not None:
            try:
                self._save()
            except ValidationError as exc:
                self.show_errors(exc.errors)
                return
            except CrisisAppError as exc:
                self.show_errors({"": str(exc)})  # about no field in particular: above the buttons
                self._refused = True
                return
        super().accept()

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show ``errors`` (a subclass's own checks) under their fields, and hide the other messages; what is wrong
        with a date field's text shows whatever the subclass says."""
        typed = self._typing_problems()
        self._display({**errors, **typed}, live=set(typed))

    def error_text(self, key: str) -> str:
        label = self.errors[key]
        return label.text() if not label.isHidden() else ""

    def _problems(self) -> dict[str, str]:
        problems = {key: message for key, (widget, message) in self._required.items() if not _typed(widget).strip()}
        problems.update(self.validate())
        problems.update(self._typing_problems())
        return problems

    def _typing_problems(self) -> dict[str, str]:
        """What is wrong with the text of each date field the user can use, per field key."""
        found: dict[str, str] = {}
        for key, fields in self._dates.items():
            for field in fields:
                if field.isEnabled() and field.problem():
                    found.setdefault(key, field.problem())
        return found

    def _revalidate(self) -> None:
        """Take away every checked message whose field is now right, and a refusal of the last Opslaan (which the
        change may have answered)."""
        if self._refused:
            self._refused = False
            self.general.clear()
            self.general.hide()
            self._fit()
        if not self._live:
            return
        right = self._live - self._problems().keys()
        for key in right:
            self._set_message(key, "")
        self._live -= right
        if right:
            self._fit()

    def _input_checked(self, key: str, field: DateField) -> None:
        """A date field the user left (or pressed Enter in) says at once what is wrong with it."""
        if field.problem():
            self._set_message(key, field.problem())
            self._live.add(key)
            self._fit()

    def _display(self, errors: dict[str, str], live: set[str]) -> None:
        self._refused = False
        for key in self.errors:
            self._set_message(key, errors.get(key, ""))
        others = [message for key, message in errors.items() if key not in self.errors]
        self.general.setText("\n".join(others))
        self.general.setVisible(bool(others))
        self._live = {key for key in live if key in self.errors and key in errors}
        self._fit()

    def _set_message(self, key: str, message: str) -> None:
        self.errors[key].setText(message)
        self.errors[key].setVisible(bool(message))
        target = self._target(key)
        if target is not None:
            target.setAccessibleDescription(message or (self.tr("verplicht") if key in self._required else ""))

    # -- look and keys -----------------------------------------------------------------------------------------

    def _message_label(self) -> QLabel:
        label = QLabel(self)
        label.setObjectName("fieldError")
        label.setStyleSheet(f"color: {ERROR_COLOUR};")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)  # messages quote what the user typed
        label.hide()
        return label

    def _caption(self, key: str) -> None:
        """A required field's label ends in a red asterisk; screen readers hear "verplicht" instead."""
        if key not in self._captions:
            return
        caption, label = self._captions[key]
        if key in self._required and label:
            caption.setTextFormat(Qt.TextFormat.RichText)
            caption.setText(f"{html.escape(label)} <span style='color:{ERROR_COLOUR}'>*</span>")
        target = self._target(key)
        if target is not None and key in self._required:
            target.setAccessibleDescription(self.tr("verplicht"))

    def _target(self, key: str) -> QWidget | None:
        """Where the field ``key`` is typed in: its first input that takes the keyboard, or the field itself."""
        widget = self._fields[key]
        for item in _inputs(widget):
            if item.focusPolicy() & Qt.FocusPolicy.TabFocus:
                return item
        return widget if widget.focusPolicy() & Qt.FocusPolicy.TabFocus else None

    def _stops(self) -> list[QWidget]:
        """The inputs Enter walks through, in the form's order: those the user can reach now."""
        return [
            item
            for widget in self._fields.values()
            for item in _inputs(widget)
            if item.isEnabled() and item.isVisibleTo(self) and item.focusPolicy() & Qt.FocusPolicy.TabFocus
        ]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter (which a button with focus takes itself) goes to the next field; from the last one it saves."""
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter) or event.modifiers() & ~(
            Qt.KeyboardModifier.KeypadModifier
        ):
            super().keyPressEvent(event)
            return
        stops = self._stops()
        current: QWidget | None = self.focusWidget()
        while current is not None and current not in stops:
            current = current.parentWidget()
        if current is None or (
            isinstance(current, QLineEdit) and current.receivers(SIGNAL("returnPressed()")) > 0
        ):  # Enter belongs to what has the focus: a list's item, a search box that acts on it
            return
        position = stops.index(current)
        if position + 1 < len(stops):
            stops[position + 1].setFocus(Qt.FocusReason.TabFocusReason)
        else:
            self.accept()

    def sizeHint(self) -> QSize:
        # wide enough that a message under a field reads as a sentence, not as a column of words
        return super().sizeHint().expandedTo(QSize(self.fontMetrics().averageCharWidth() * 60, 0))

    def setVisible(self, visible: bool) -> None:
        opening = visible and not self.isVisible()
        if opening:
            self._widen_to_text()  # before Qt sizes the window on showing it
        super().setVisible(visible)
        if opening:
            self._opened = self._holding()  # as the user first sees it

    # -- closing without saving ----------------------------------------------------------------------------------

    def reject(self) -> None:
        """Escape, Annuleren or the window's cross: closes at once while the fields hold what the form was opened
        with (again); otherwise only once the user chose to throw their changes away. "Verder bewerken", the
        default and what a second Escape answers, keeps the form open as it was."""
        if self._opened is not None and self._holding() != self._opened:
            question = self.tr("U hebt ‘%1’ gewijzigd maar niet opgeslagen. Wat u hebt ingevuld, gaat verloren.")
            if not interaction.confirm(
                self,
                self.tr("Wijzigingen niet opslaan?"),
                question.replace("%1", self.windowTitle()),
                self.tr("Wijzigingen weggooien"),
                self.tr("Verder bewerken"),
            ):
                return
        super().reject()

    def _holding(self) -> list[object]:
        """What every input and list of the form holds now (see :func:`_held`)."""
        return [_held(widget) for widget in _inputs(self.fields_area.fields, _HOLDERS)]

    def _widen_to_text(self) -> None:
        """A text field shows what it holds when the form opens (a rota's or an event's long name, or the example
        in it), up to the width of a sentence; beyond that it scrolls."""
        sentence = self.fontMetrics().averageCharWidth() * 60
        for widget in self._fields.values():
            for item in _inputs(widget):
                text = item.text() or item.placeholderText() if isinstance(item, QLineEdit) else ""
                if text and not isinstance(item, DateField):
                    metrics = item.fontMetrics()
                    wanted = metrics.horizontalAdvance(text) + 3 * metrics.averageCharWidth()
                    item.setMinimumWidth(min(wanted, sentence))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._opening_height = self.height()
        self._fit()

    def _fit(self) -> None:
        """As wide as the fields need and as tall as they and their messages need (never lower than it opened),
        within the screen (the fields scroll beyond it); moved up when growing took the buttons off the screen."""
        if not self.isVisible():
            return  # showing it fits it
        self.form.activate()  # a message just shown or hidden must count now, not after the next event loop
        self.fields_area.updateGeometry()  # the scroll area does not hear of its fields' sizes (after polishing)
        self._layout.activate()
        screen = self.screen().availableGeometry()
        frame = self.frameGeometry().size() - self.size()
        width = max(self.width(), min(self.sizeHint().width(), screen.width() - frame.width()))
        if width != self.width():
            self.resize(width, self.height())
            self._layout.activate()
        viewport = self.fields_area.viewport()
        wanted = self.height() - viewport.height() + self.fields_area.content_height(viewport.width())
        height = min(max(wanted, self._opening_height), screen.height() - frame.height())
        if height != self.height():
            self.resize(self.width(), height)
        outer = self.frameGeometry()
        if outer.bottom() > screen.bottom():
            self.move(self.x(), max(screen.top(), screen.bottom() - outer.height() + 1))
