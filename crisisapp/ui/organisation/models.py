"""Item models of the crisis-organisation page; each holds frozen records, never ORM objects.

Names and remarks are typed by users: RecordTableModel shows what reaches a tooltip letter for letter.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from crisisapp.services.organisation import (
    AssignmentRecord,
    Call,
    FunctionCalls,
    FunctionStaffing,
    Holder,
    Overview,
    PersonRecord,
    Readiness,
    ReadinessStatus,
)
from crisisapp.timeutil import format_date
from crisisapp.ui.widgets import DISPLAY, AnyIndex, RecordTableModel, literal

READINESS_COLOURS = {
    ReadinessStatus.READY: QColor("#d3f0da"),
    ReadinessStatus.EXPIRING: QColor("#fff1c2"),
    ReadinessStatus.NOT_READY: QColor("#f8d4d0"),
}
GAP_COLOUR = QColor("#f8d4d0")
GAP_TEXT = QColor("#7a1d12")
AWAY_COLOUR = QColor("#fff1c2")
AWAY_TEXT = QColor("#8c959f")
TOOLTIP = Qt.ItemDataRole.ToolTipRole


def readiness_text(value: Readiness) -> str:
    if value.status is ReadinessStatus.READY:
        return "vakbekwaam"
    if value.status is ReadinessStatus.EXPIRING and value.expires:
        return f"verloopt na {format_date(value.expires)}"
    return "niet vakbekwaam"


class PeopleModel(RecordTableModel):
    HEADERS = ("Naam", "Gemeente/organisatie", "Afdeling", "Mobiel", "Ander nummer", "E-mail", "Functies")
    BATCH = 100

    def __init__(self) -> None:
        super().__init__()
        self._functions: dict[int, str] = {}

    def set_people(self, people: Sequence[PersonRecord], functions: dict[int, str]) -> None:
        self._functions = functions
        self.set_rows(people)

    def cell(self, record: PersonRecord, column: int, role: int) -> Any:
        if role in (DISPLAY, TOOLTIP):
            if column == 0:  # the column the list is sorted on at every refresh: its text alone, for 2,000 people
                return record.name + (" (gearchiveerd)" if record.archived else "")
            values = (
                record.municipality,
                record.organisation,
                record.mobile,
                record.phone,
                record.email,
                self._functions.get(record.id, ""),
            )
            return values[column - 1]
        if role == Qt.ItemDataRole.ForegroundRole and record.archived:
            return QBrush(QColor("#8c959f"))
        return None


class StaffingModel(RecordTableModel):
    HEADERS = ("Team", "Functie", "Primair", "Plaatsvervangers", "GRIP", "Knelpunten")

    def cell(self, record: FunctionStaffing, column: int, role: int) -> Any:
        problems = record.problems()
        if role in (DISPLAY, TOOLTIP):
            values = (
                record.function.team_code,
                record.function.name,
                ", ".join(h.person.name for h in record.primaries),
                ", ".join(h.person.name for h in record.deputies),
                str(record.function.alarm_from_grip or "—"),
                "; ".join(problems),
            )
            return values[column]
        if role == Qt.ItemDataRole.BackgroundRole and column == 5 and problems:
            return QBrush(GAP_COLOUR)
        return None


class HoldersModel(RecordTableModel):
    """Everyone who holds or held the selected function, with their readiness today."""

    HEADERS = ("Naam", "Rol", "Vanaf", "Tot en met", "Vakbekwaamheid")

    def __init__(self) -> None:
        super().__init__()
        self._readiness: dict[int, Readiness] = {}
        self._names: Mapping[int, str] = {}

    def set_assignments(
        self, assignments: Sequence[AssignmentRecord], names: Mapping[int, str], readiness: dict[int, Readiness]
    ) -> None:
        self._names, self._readiness = names, readiness
        self.set_rows(assignments)

    def cell(self, record: AssignmentRecord, column: int, role: int) -> Any:
        state = self._readiness.get(record.id)
        if role in (DISPLAY, TOOLTIP):
            if column == 4 and role == TOOLTIP:
                return state.reason if state else "niet (meer) actief"
            values = (
                self._names.get(record.person_id, "?"),
                record.role_label(),
                format_date(record.start),
                format_date(record.end) if record.end else "",
                readiness_text(state) if state else "niet (meer) actief",
            )
            return values[column]
        if role == Qt.ItemDataRole.BackgroundRole and column == 4 and state:
            return QBrush(READINESS_COLOURS[state.status])
        return None


class ReadinessMatrixModel(QAbstractTableModel):
    """Functions (rows) by the people holding them (columns); each cell coloured, the reason on hover."""

    def __init__(self) -> None:
        super().__init__()
        self._functions: tuple[FunctionStaffing, ...] = ()
        self._people: tuple[PersonRecord, ...] = ()
        self._cells: dict[tuple[int, int], Holder] = {}

    def set_overview(self, overview: Overview, team_id: int | None, text: str = "") -> None:
        self.beginResetModel()
        wanted = text.casefold().strip()
        self._functions = tuple(s for s in overview.staffing if (team_id is None or s.function.team_id == team_id))
        self._cells = {(s.function.id, h.person.id): h for s in self._functions for h in s.holders}
        people = {h.person.id: h.person for s in self._functions for h in s.holders}
        self._people = tuple(
            sorted((p for p in people.values() if not wanted or wanted in p.name.casefold()), key=lambda p: p.name)
        )
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._functions)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._people)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if role not in (DISPLAY, TOOLTIP):
            return None
        name = None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._people):
            name = self._people[section].name
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._functions):
            name = self._functions[section].function.name
        return literal(name) if name is not None and role == TOOLTIP else name

    def data(self, index: AnyIndex, role: int = DISPLAY) -> Any:
        if not index.isValid() or index.row() >= len(self._functions) or index.column() >= len(self._people):
            return None
        holder = self._cells.get((self._functions[index.row()].function.id, self._people[index.column()].id))
        if holder is None:
            return None
        if role == DISPLAY:
            return readiness_text(holder.readiness)
        if role == TOOLTIP:
            return literal(f"{holder.person.name} · {holder.assignment.role_label()}\n{holder.readiness.reason}")
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(READINESS_COLOURS[holder.readiness.status])
        if role == Qt.ItemDataRole.FontRole and holder.assignment.rank == 0:
            font = QFont()
            font.setBold(True)
            return font
        return None


class AlarmModel(RecordTableModel):
    """The calling order for a GRIP level: per function a gap first (in red and in words), then whom to call in
    order; whoever is away at the moment greyed and last, what to mind in *Let op*."""

    HEADERS = ("Functie", "Rol", "Naam", "Mobiel", "Ander nummer", "Let op")

    def set_functions(self, functions: Sequence[FunctionCalls]) -> None:
        rows: list[tuple[FunctionCalls, Call | None]] = []
        for calls in functions:
            if calls.gap() is not None:
                rows.append((calls, None))
            rows += [(calls, call) for call in calls.calls]
        self.set_rows(rows)

    def cell(self, record: tuple[FunctionCalls, Call | None], column: int, role: int) -> Any:
        calls, call = record
        if call is None:
            if role in (DISPLAY, TOOLTIP):
                return (calls.function.name, "", calls.gap(), "", "", "")[column]
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(GAP_COLOUR)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(GAP_TEXT)
            return None
        if role == DISPLAY:
            return (
                # the function once, on its first row: the rows under it read as its calling order
                calls.function.name if call is calls.calls[0] and calls.gap() is None else "",
                call.role,
                call.person.name,
                call.person.mobile,
                call.person.phone,
                "; ".join(call.marks()),
            )[column]
        if role == TOOLTIP:
            if column == 5:
                return "\n".join(filter(None, (call.absence, call.readiness.reason)))
            return calls.function.name if column == 0 else self.cell(record, column, DISPLAY)
        if role == Qt.ItemDataRole.BackgroundRole and column == 5:
            if not call.readiness.ready:
                return QBrush(READINESS_COLOURS[ReadinessStatus.NOT_READY])
            return QBrush(AWAY_COLOUR) if not call.reachable else None
        if role == Qt.ItemDataRole.ForegroundRole and not call.reachable:
            return QBrush(AWAY_TEXT)
        if role == Qt.ItemDataRole.FontRole and call is calls.calls[0] and call.reachable and column == 2:
            font = QFont()
            font.setBold(True)  # the first to call
            return font
        return None
