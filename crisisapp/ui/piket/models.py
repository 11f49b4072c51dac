"""The tables of the piket page: the schedule by week, warnings, the division of hours, leave."""

from collections.abc import Mapping
from datetime import datetime

from PySide6.QtGui import QBrush, QColor

from crisisapp.services.piket import LeaveRecord, Officer, OverrideRecord, ShiftRecord, Warning
from crisisapp.timeutil import format_datetime, to_local
from crisisapp.ui.widgets import TextTableModel

TODAY = QColor("#fff1c2")
WARNING_COLOURS = {"gat": QColor("#f8d4d0"), "overlap": QColor("#f8d4d0"), "verlof": QColor("#fff1c2")}
DEFAULT_WARNING = QColor("#f8d4d0")

#: A stand-in when a row names a person the page has not loaded.
UNKNOWN = Officer(0, "?", "", "")


class ScheduleModel(TextTableModel):
    HEADERS = ("Week", "Van", "Tot", "Officier van dienst", "Gemeente", "Mobiel", "Overnames")

    def __init__(self) -> None:
        super().__init__()
        self.officers: Mapping[int, Officer] = {}
        self.overrides: tuple[OverrideRecord, ...] = ()
        self.now = datetime.min

    def set_schedule(
        self,
        shifts: tuple[ShiftRecord, ...],
        overrides: tuple[OverrideRecord, ...],
        officers: Mapping[int, Officer],
        now: datetime,
    ) -> None:
        self.officers, self.overrides, self.now = officers, overrides, now
        self.set_rows(shifts)

    def set_now(self, now: datetime) -> None:
        """Mark the week holding ``now`` as today's, keeping the rows (and the user's selection)."""
        self.now = now
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def covering(self, shift: ShiftRecord) -> list[OverrideRecord]:
        return [o for o in self.overrides if o.start < shift.end and shift.start < o.end]

    def texts(self, record: ShiftRecord) -> tuple[str, ...]:
        officer = self.officers.get(record.person_id, UNKNOWN)
        covering = "; ".join(
            f"{format_datetime(o.start)} – {format_datetime(o.end)}: {self.officers.get(o.person_id, UNKNOWN).name}"
            + (f" ({o.reason})" if o.reason else "")
            for o in self.covering(record)
        )
        return (
            str(to_local(record.start).isocalendar().week),
            format_datetime(record.start),
            format_datetime(record.end),
            officer.name,
            officer.municipality,
            officer.mobile,
            covering,
        )

    def background(self, record: ShiftRecord, column: int) -> QBrush | None:
        return QBrush(TODAY) if record.start <= self.now < record.end else None


class WarningModel(TextTableModel):
    HEADERS = ("Soort", "Van", "Tot", "Wat")

    def texts(self, record: Warning) -> tuple[str, ...]:
        return (record.kind, format_datetime(record.start), format_datetime(record.end), record.text)

    def background(self, record: Warning, column: int) -> QBrush | None:
        return QBrush(WARNING_COLOURS.get(record.kind, DEFAULT_WARNING)) if column == 0 else None


class DivisionModel(TextTableModel):
    """Per municipality its hours against the agreed share, then per person their hours (no target)."""

    HEADERS = ("Wie", "Uren", "Afgesproken", "Verschil")

    def texts(self, record: tuple[str, float, float | None]) -> tuple[str, ...]:
        name, hours, target = record
        if target is None:
            return (name, f"{hours:.0f}", "", "")
        return (name, f"{hours:.0f}", f"{target:.0f}", f"{hours - target:+.0f}")


class LeaveModel(TextTableModel):
    HEADERS = ("Wie", "Van", "Tot", "Reden")

    def __init__(self) -> None:
        super().__init__()
        self.officers: Mapping[int, Officer] = {}

    def set_leave(self, leave: tuple[LeaveRecord, ...], officers: Mapping[int, Officer]) -> None:
        self.officers = officers
        self.set_rows(leave)

    def texts(self, record: LeaveRecord) -> tuple[str, ...]:
        name = self.officers.get(record.person_id, UNKNOWN).name
        return (name, format_datetime(record.start), format_datetime(record.end), record.reason)
