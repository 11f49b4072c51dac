"""The tables of the incident page: the log, the alarm board, decisions, actions, meetings, the register, the
evaluation's figures and findings."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from crisisapp.models.incident import EntryKind
from crisisapp.services import incident as inc
from crisisapp.services.incident import (
    ActionRecord,
    EntryRecord,
    FunctionAlarm,
    FunctionTimes,
    IncidentRecord,
    MeetingRecord,
)
from crisisapp.timeutil import format_datetime, format_minutes, to_local
from crisisapp.ui.widgets import TextTableModel

REACHED = QColor("#dcefe0")
LATE = QColor("#fbe3c4")
GAP = QColor("#f8d4d0")
CORRECTED = QColor("#6b6b6b")


def clock(moment: datetime) -> str:
    return f"{to_local(moment):%H:%M}"


class LogModel(TextTableModel):
    """The log, oldest first; a corrected entry stays, struck through and greyed, naming its correction."""

    HEADERS = ("Nr.", "Tijd", "Na alarm", "Soort", "Tekst", "Auteur")

    def __init__(self) -> None:
        super().__init__()
        self.alert_at: datetime | None = None
        #: The texts of each entry, made once: a repaint asks for every cell of every visible row.
        self._texts: dict[int, tuple[str, ...]] = {}

    def set_rows(self, rows: Sequence[Any]) -> None:
        self._texts.clear()
        super().set_rows(rows)

    def texts(self, record: EntryRecord) -> tuple[str, ...]:
        found = self._texts.get(record.id)
        if found is None:
            found = self._texts[record.id] = self._make_texts(record)
        return found

    def _make_texts(self, record: EntryRecord) -> tuple[str, ...]:
        text = record.text
        if record.corrects is not None:
            text = f"[correctie op regel {record.corrects}] {text}"
        if record.corrected_by is not None:
            text = f"{text} [gecorrigeerd door regel {record.corrected_by}]"
        return (
            str(record.number),
            clock(record.at),
            inc.elapsed(self.alert_at, record.at) if self.alert_at else "",
            record.kind.value,
            text,
            record.author,
        )

    def cell(self, record: EntryRecord, column: int, role: int) -> Any:
        if record.corrected_by is not None:
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setStrikeOut(True)
                return font
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(CORRECTED)
        if role == Qt.ItemDataRole.FontRole and record.kind is EntryKind.BESLUIT and column == 3:
            font = QFont()
            font.setBold(True)
            return font
        return super().cell(record, column, role)

    def append(self, record: EntryRecord) -> int:
        """Show an entry just added without reading the whole log again; its row."""
        rows = list(self._rows)
        row = len(rows)
        while row > 0 and (rows[row - 1].at, rows[row - 1].number) > (record.at, record.number):
            row -= 1
        self.beginInsertRows(self.index(0, 0).parent(), row, row)
        rows.insert(row, record)
        self._rows = tuple(rows)
        self.endInsertRows()
        return row


class BoardModel(TextTableModel):
    """The alarm board: per function where it stands, green reached, amber too long without, red nobody reached."""

    HEADERS = ("Functie", "Stand", "Nu bellen", "Telefoon", "Pogingen", "Bereikt", "Aanwezig")

    def __init__(self) -> None:
        super().__init__()
        self.alert_at: datetime | None = None

    def _after(self, moment: datetime | None) -> str:
        if moment is None:
            return ""
        return f"{clock(moment)} ({inc.elapsed(self.alert_at, moment)})" if self.alert_at else clock(moment)

    def texts(self, record: FunctionAlarm) -> tuple[str, ...]:
        reached, arrived = record.reached, record.arrived
        attempts = "; ".join(f"{clock(c.called_at)} {c.name}: {c.outcome.value}" for c in record.calls)
        return (
            record.function.name,
            record.state(),
            record.next_up.name if record.next_up else "",
            (record.next_up.mobile or record.next_up.phone) if record.next_up else "",
            attempts,
            self._after(reached.called_at if reached else None),
            self._after(arrived.arrived_at if arrived else None),
        )

    def background(self, record: FunctionAlarm, column: int) -> QBrush | None:
        if record.reached is not None:
            return QBrush(REACHED)
        return QBrush(LATE if record.late else GAP)


class DecisionModel(TextTableModel):
    HEADERS = ("Tijd", "Na alarm", "Besluit", "Auteur")

    def __init__(self) -> None:
        super().__init__()
        self.alert_at: datetime | None = None

    def texts(self, record: EntryRecord) -> tuple[str, ...]:
        since = inc.elapsed(self.alert_at, record.at) if self.alert_at else ""
        return clock(record.at), since, record.text, record.author


class ActionModel(TextTableModel):
    HEADERS = ("Tijd", "Actie", "Eigenaar", "Uiterlijk", "Status")

    def texts(self, record: ActionRecord) -> tuple[str, ...]:
        deadline = format_datetime(record.deadline) if record.deadline else ""
        return clock(record.at), record.text, record.owner, deadline, record.status.value


class MeetingModel(TextTableModel):
    HEADERS = ("Tijd", "Overleg", "Aanwezig", "Beeldvorming", "Oordeelsvorming", "Besluitvorming")

    def texts(self, record: MeetingRecord) -> tuple[str, ...]:
        return (
            clock(record.held_at),
            record.kind.value,
            ", ".join(record.present.splitlines()),
            record.beeldvorming,
            record.oordeelsvorming,
            record.besluitvorming,
        )


class RegisterModel(TextTableModel):
    HEADERS = ("Nr.", "Alarmering", "Incident", "Locatie", "GRIP", "Soort", "Afgesloten")

    def texts(self, record: IncidentRecord) -> tuple[str, ...]:
        return (
            str(record.id),
            format_datetime(record.alert_at),
            record.title,
            record.location,
            str(record.grip),
            "oefening" if record.exercise else "incident",
            format_datetime(record.closed_at) if record.closed_at else "loopt",
        )


class TimesModel(TextTableModel):
    HEADERS = ("Functie", "Bereikt na", "Norm bereikt", "Aanwezig na", "Norm aanwezig")

    def texts(self, record: FunctionTimes) -> tuple[str, ...]:
        def within(minutes: float | None, ok: bool, norm: int) -> str:
            return "—" if minutes is None else f"{'ja' if ok else 'nee'} ({norm} min)"

        return (
            record.function,
            format_minutes(record.reached_minutes) if record.reached_minutes is not None else "niet bereikt",
            within(record.reached_minutes, record.reached_in_norm, record.reach_norm),
            format_minutes(record.arrived_minutes) if record.arrived_minutes is not None else "niet aanwezig",
            within(record.arrived_minutes, record.arrived_in_norm, record.arrival_norm),
        )

    def background(self, record: FunctionTimes, column: int) -> QBrush | None:
        ok = record.reached_in_norm if column in (1, 2) else record.arrived_in_norm if column in (3, 4) else None
        return None if ok is None else QBrush(REACHED if ok else GAP)
