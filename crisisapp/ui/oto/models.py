"""The tables of the OTO page: activities, participants, the live drill, drill figures, findings and norms."""

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from crisisapp.dutch import number
from crisisapp.models.oto import KIND_LABELS, ActivityKind, Presence
from crisisapp.services import oto
from crisisapp.services.oto import ActivityRecord, Figures, FindingRecord, NormRecord, ParticipantRecord
from crisisapp.timeutil import format_date, format_datetime, format_minutes, to_local
from crisisapp.ui.widgets import TextTableModel

OVERDUE = QColor("#f8d4d0")
WITHIN_NORM = QColor("#dcefe0")
LATE = QColor("#fbe3c4")


class ActivityModel(TextTableModel):
    HEADERS = ("Nr.", "Wanneer", "Activiteit", "Soort", "Locatie", "Status", "Deelnemers")

    def __init__(self) -> None:
        super().__init__()
        #: The coordinator's view: the dates and places of unannounced activities shown.
        self.internal = False

    def texts(self, record: ActivityRecord) -> tuple[str, ...]:
        hidden = record.unannounced and not self.internal
        return (
            str(record.id),
            oto.when_text(record, internal=self.internal),
            record.title,
            KIND_LABELS[record.kind],
            "" if hidden else record.location,
            record.status.value,
            number(record.participants),
        )


class ParticipantModel(TextTableModel):
    HEADERS = ("Naam", "Gemeente", "Status", "Reactie", "Aankomst")

    def __init__(self) -> None:
        super().__init__()
        #: The date of the activity must not show (an unannounced one outside the coordinator's view): the
        #: times read as minutes after the alarm ("+4:12"), or as the time of day when no alarm was recorded.
        self.hide_date = False
        self.alarm_at: datetime | None = None

    def moment_text(self, moment: datetime | None) -> str:
        if moment is None:
            return ""
        if not self.hide_date:
            return format_datetime(moment)
        if self.alarm_at is not None:
            return f"+{format_minutes((moment - self.alarm_at) / timedelta(minutes=1))}"
        return f"{to_local(moment):%H:%M}"

    def texts(self, record: ParticipantRecord) -> tuple[str, ...]:
        return (
            record.name,
            record.municipality,
            record.presence.value,
            self.moment_text(record.acknowledged_at),
            self.moment_text(record.arrived_at),
        )


class DrillModel(TextTableModel):
    """The participants of a live drill: when their reaction (or arrival) came in and how long after the alarm,
    green within the norm and orange past it. The time of a recorded one can be corrected in place."""

    HEADERS = ("Naam", "Tijd", "Na het alarm")
    TIME = 1

    def __init__(self, arrival: bool, norm_minutes: int | None, alarm_at: datetime | None) -> None:
        super().__init__()
        self.arrival, self.norm, self.alarm_at = arrival, norm_minutes, alarm_at

    def moment(self, record: ParticipantRecord) -> datetime | None:
        return oto.measured_moment(record, self.arrival)

    def minutes(self, record: ParticipantRecord) -> float | None:
        moment = self.moment(record)
        return None if moment is None or self.alarm_at is None else (moment - self.alarm_at) / timedelta(minutes=1)

    def within_norm(self, record: ParticipantRecord) -> bool:
        minutes = self.minutes(record)
        return minutes is not None and self.norm is not None and minutes <= self.norm

    def row_of(self, person_id: int) -> int:
        return next(row for row in range(self.rowCount()) if self.record(row).person_id == person_id)

    def replace(self, record: ParticipantRecord) -> None:
        """Show the participant as a command just recorded them."""
        row = self.row_of(record.person_id)
        self._rows = (*self._rows[:row], record, *self._rows[row + 1 :])
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def follow(self, rows: Sequence[ParticipantRecord]) -> bool:
        """Show ``rows``, as read again after someone changed the drill: in place when they are the same participants
        (only the rows that changed are repainted, and the views keep their selection); False when the participants
        themselves changed and the table was reset."""
        ordered = self._sorted(tuple(rows))
        if [r.id for r in ordered] != [r.id for r in self._rows]:
            self.set_rows(ordered)
            return False
        before, self._rows = self._rows, ordered
        for row, (was, now) in enumerate(zip(before, self._rows, strict=True)):
            if was != now:
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        return True

    def set_alarm(self, alarm_at: datetime | None) -> None:
        self.alarm_at = alarm_at
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def texts(self, record: ParticipantRecord) -> tuple[str, ...]:
        moment = self.moment(record)
        if moment is None:  # not (yet) here: say why, unless simply still expected
            status = "" if record.presence in (Presence.EXPECTED, Presence.RESPONDED) else record.presence.value
            return record.name, status, ""
        minutes = self.minutes(record)
        after = "" if minutes is None else f"+{format_minutes(minutes)}"
        if minutes is not None and self.norm is not None and not self.within_norm(record):
            after += " · buiten norm"  # in words, not only in colour
        return record.name, f"{to_local(moment):%H:%M:%S}", after

    def background(self, record: ParticipantRecord, column: int) -> QBrush | None:
        if self.moment(record) is None or self.norm is None:
            return None
        return QBrush(WITHIN_NORM if self.within_norm(record) else LATE)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == self.TIME and self.moment(self.record(index.row())) is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags


class FiguresModel(TextTableModel):
    """Rows of (group name, its figures): the total, then per team and per function."""

    HEADERS = ("", "Uitgenodigd", "Afgemeld", "Afwezig", "Gereageerd", "Binnen norm", "Mediaan", "Langzaamst")

    def texts(self, record: tuple[str, Figures]) -> tuple[str, ...]:
        name, figures = record
        return (name, *figures.texts())


class FindingModel(TextTableModel):
    """Findings and action points of an evaluation, an overdue action point marked; with a first column naming what
    each is of (``subject``), where the list holds those of more than one (the OTO page's, of every activity)."""

    def __init__(self, subject: str | None = "Activiteit") -> None:
        super().__init__()
        self.today = date.min
        self.subject = subject
        self.HEADERS = (*([subject] if subject else []), "Bevinding", "Eigenaar", "Gereed op", "Status")

    def texts(self, record: FindingRecord) -> tuple[str, ...]:
        status = record.status.value if record.status else "bevinding"
        if record.overdue(self.today):
            status += " · te laat"
        texts = (record.description, record.owner, format_date(record.due) if record.due else "", status)
        return (record.subject_title, *texts) if self.subject else texts

    def background(self, record: FindingRecord, column: int) -> QBrush | None:
        return QBrush(OVERDUE) if record.overdue(self.today) else None


class NormModel(TextTableModel):
    HEADERS = ("Soort", "Reactie binnen", "Opkomst binnen", "Onaangekondigd", "Doel per jaar", "Uitgevoerd", "Gepland")

    def __init__(self) -> None:
        super().__init__()
        self.progress: dict[ActivityKind, tuple[int, int, int]] = {}

    def texts(self, record: NormRecord) -> tuple[str, ...]:
        done, planned, _target = self.progress.get(record.kind, (0, 0, 0))
        return (
            KIND_LABELS[record.kind],
            f"{record.acknowledge_minutes} min" if record.acknowledge_minutes else "—",
            f"{record.arrival_minutes} min" if record.arrival_minutes else "—",
            "ja" if record.unannounced else "nee",
            str(record.yearly_target),
            str(done),
            str(planned),
        )
