"""The tables of the Events page: the register, open action points, a checklist in a round, a template."""

from collections.abc import Mapping, Sequence
from datetime import date
from types import MappingProxyType
from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor

from crisisapp.models.events import Outcome
from crisisapp.services.events import EventRecord, ItemRecord, PointRecord, ResultRecord, TemplateLineRecord
from crisisapp.timeutil import format_date, format_datetime
from crisisapp.ui.widgets import DISPLAY, AnyIndex, RecordTableModel

LATE = QColor("#fde8e6")
ADVICE = QColor("#fff1c2")
OUTCOME_COLOURS = {Outcome.OK: QColor("#d3f0da"), Outcome.NOT_OK: QColor("#f8d4d0"), Outcome.NA: QColor("#e8eaed")}
TOOLTIP = Qt.ItemDataRole.ToolTipRole
CHECK = Qt.ItemDataRole.CheckStateRole
EDIT = Qt.ItemDataRole.EditRole


class EventModel(RecordTableModel):
    HEADERS = ("Nr.", "Begin", "Evenement", "Categorie", "Bezoekers", "Aanvraag", "Controlepunten")
    BATCH = 50

    def __init__(self) -> None:
        super().__init__()
        self.today = date.min  # the day the deadlines are judged on; the page sets it

    def cell(self, record: EventRecord, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and record.late_warning(self.today) and column == 5:
            return QBrush(LATE if record.is_late(self.today) else ADVICE)
        if role == TOOLTIP and column == 5:
            return record.late_warning(self.today) or record.data.permit_status
        if role != DISPLAY:
            return None
        data = record.data
        received = format_date(data.application_date) if data.application_date else "—"
        application = f"{received} · {data.permit_status}"
        if record.application_missing(self.today):
            application = "— · aanvraag ontbreekt, termijn verstreken"
        return (
            str(record.id),
            format_datetime(data.start),
            data.name,
            data.category.value,
            str(data.expected_visitors),
            application,
            str(record.items),
        )[column]


class PointModel(RecordTableModel):
    HEADERS = ("Evenement", "Actiepunt", "Wie", "Gereed op", "Status")
    BATCH = 50

    def __init__(self) -> None:
        super().__init__()
        self.today = date.min

    def cell(self, record: PointRecord, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and record.overdue(self.today):
            return QBrush(LATE)
        if role not in (DISPLAY, TOOLTIP):
            return None
        status = record.status_text() + (" · te laat" if record.overdue(self.today) else "")
        text = (
            record.event_name,
            record.description,
            record.owner,
            format_date(record.due) if record.due else "",
            status,
        )[column]
        return text


class ItemModel(RecordTableModel):
    """The checklist in a round, ticked in the table itself: a box per outcome, like the paper form (the page
    ticks it on a click or a key), and the remark typed into its cell. An item not in order in another round
    shows until it is found in order.

    A remark typed in is only passed on (:attr:`remark_entered`): the page saves it as a command, and the
    rows come back from the database."""

    HEADERS = ("Onderdeel", "Controlepunt", "ok", "niet ok", "n.v.t.", "Tijd", "Controleur", "Opmerking")
    BATCH = 50
    OUTCOMES: ClassVar[Mapping[int, Outcome]] = MappingProxyType({2: Outcome.OK, 3: Outcome.NOT_OK, 4: Outcome.NA})
    TIME, INSPECTOR, REMARK = 5, 6, 7
    #: A remark was typed into a row.
    remark_entered = Signal(int, str)

    def __init__(self) -> None:
        super().__init__()
        self._round = ""
        #: False where the user may not tick (a role that only reads): the boxes and the remark show greyed.
        self.ticking = True
        #: Per record (by identity) its result in the round, its open problem and its texts, worked out once:
        #: fitting 300 rows to their contents asks for every cell many times over.
        self._seen: dict[int, tuple[ResultRecord | None, ResultRecord | None, dict[int, str]]] = {}

    @property
    def round(self) -> str:
        return self._round

    @round.setter
    def round(self, name: str) -> None:
        self._round = name
        self._seen.clear()

    def set_rows(self, rows: Sequence[Any]) -> None:
        self._seen.clear()
        super().set_rows(rows)

    def _facts(self, record: ItemRecord) -> tuple[ResultRecord | None, ResultRecord | None, dict[int, str]]:
        found = self._seen.get(id(record))
        if found is None:
            result, problem = record.result(self._round), record.open_problem()
            texts = {0: record.section, 1: record.text}
            if result is not None:
                texts |= {
                    self.TIME: format_datetime(result.checked_at),
                    self.INSPECTOR: result.inspector,
                    self.REMARK: result.remark,
                }
            elif problem is not None:
                texts[self.REMARK] = f"niet ok in {problem.round}, nog niet opgelost: {problem.remark}"
            found = self._seen[id(record)] = (result, problem, texts)
        return found

    def cell(self, record: ItemRecord, column: int, role: int) -> Any:
        result, problem, texts = self._facts(record)
        outcome = self.OUTCOMES.get(column)
        if outcome is not None:
            ticked = result is not None and result.outcome is outcome
            if role == CHECK:
                return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.BackgroundRole and ticked:
                return QBrush(OUTCOME_COLOURS[outcome])
            return outcome.value if role == TOOLTIP else None
        if role == EDIT and column == self.REMARK:
            return result.remark if result else ""
        if role == Qt.ItemDataRole.BackgroundRole and column == self.REMARK and result is None and problem:
            return QBrush(LATE)
        if role not in (DISPLAY, TOOLTIP):
            return None
        return texts.get(column, "")

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.column() not in self.OUTCOMES and index.column() != self.REMARK:
            return flags
        if not self.ticking:
            return flags & ~Qt.ItemFlag.ItemIsEnabled
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == self.REMARK else flags

    def setData(self, index: AnyIndex, value: Any, role: int = EDIT) -> bool:
        if not index.isValid() or role != EDIT or index.column() != self.REMARK:
            return False
        self.remark_entered.emit(index.row(), str(value))
        return True


class TemplateLineModel(RecordTableModel):
    HEADERS = ("Onderdeel", "Controlepunt")

    def cell(self, record: TemplateLineRecord, column: int, role: int) -> Any:
        if role not in (DISPLAY, TOOLTIP):
            return None
        text = (record.section, record.text)[column]
        return text
