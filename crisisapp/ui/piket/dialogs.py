"""Forms of the piket page: rota, proposal (to adjust before accepting), override, swap, leave."""

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QWidget,
)

from crisisapp.services.piket import WEEKDAYS, Officer, OverrideRecord, RotaRecord, ShiftRecord, Slot
from crisisapp.services.piket_files import PARTNERS
from crisisapp.timeutil import AMSTERDAM, format_datetime, to_local
from crisisapp.ui.forms import FormDialog, date_edit, datetime_edit, moment_of, pydate
from crisisapp.ui.widgets import labelled, named, show_all_columns


def officer_combo(parent: QWidget, officers: Mapping[int, Officer], current: int | None = None) -> QComboBox:
    combo = QComboBox(parent)
    for officer in sorted(officers.values(), key=lambda o: o.name):
        combo.addItem(f"{officer.name} ({officer.municipality})", officer.person_id)
    if current is not None:
        combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


class RotaDialog(FormDialog):
    def __init__(self, parent: QWidget | None, rota: RotaRecord | None) -> None:
        super().__init__(parent, self.tr("Piketrooster wijzigen") if rota else self.tr("Nieuw piketrooster"))
        self.name = QLineEdit(rota.name if rota else self.tr("OvD-Bz Maassluis, Vlaardingen, Schiedam"), self)
        self.weekday = QComboBox(self)
        self.weekday.addItems(list(WEEKDAYS))
        self.weekday.setCurrentIndex(rota.handover_weekday if rota else 0)
        handover = rota.handover_time if rota else time(9, 0)
        self.time = QTimeEdit(QTime(handover.hour, handover.minute), self)
        self.time.setDisplayFormat("HH:mm")
        self.days = QSpinBox(self)
        self.days.setRange(1, 28)
        self.days.setSuffix(self.tr(" dagen"))
        self.days.setValue(rota.shift_days if rota else 7)
        shares = QGridLayout()
        self.shares: dict[str, QSpinBox] = {}
        for row, municipality in enumerate(PARTNERS):
            weight = QSpinBox(self)
            weight.setRange(0, 100)
            weight.setValue(rota.shares.get(municipality, 0) if rota else 1)
            shares.addWidget(labelled(self, municipality, weight), row, 0)
            shares.addWidget(weight, row, 1)
            self.shares[municipality] = weight
        box = QWidget(self)
        box.setLayout(shares)
        self.add_field("name", self.tr("Naam:"), self.name)
        self.add_field("handover_weekday", self.tr("Overdracht op:"), self.weekday)
        self.add_field("handover_time", self.tr("Om (Nederlandse tijd):"), self.time)
        self.add_field("shift_days", self.tr("Een dienst duurt:"), self.days)
        self.add_field("shares", self.tr("Aandeel per gemeente:"), box)
        self.require("name", self.name, self.tr("Geef het rooster een naam."))

    def value(self) -> tuple[str, dict[str, int], int, time, int]:
        clock = self.time.time()
        shares = {m: spin.value() for m, spin in self.shares.items() if spin.value() > 0}
        return (
            self.name.text(),
            shares,
            self.weekday.currentIndex(),
            time(clock.hour(), clock.minute()),
            self.days.value(),
        )

    def validate(self) -> dict[str, str]:
        if not any(spin.value() for spin in self.shares.values()):
            return {"shares": self.tr("Geef minstens één gemeente een aandeel.")}
        return {}


class PeriodDialog(FormDialog):
    def __init__(self, parent: QWidget | None, first: date, last: date) -> None:
        super().__init__(parent, self.tr("Voorstel maken"))
        self.first = date_edit(self, first)
        self.last = date_edit(self, last)
        self.add_field("first", self.tr("Diensten vanaf:"), self.first)
        self.add_field("last", self.tr("tot en met:"), self.last)
        self.buttons.button(self.buttons.StandardButton.Ok).setText(self.tr("Voorstel maken"))

    def value(self) -> tuple[date, date]:
        return pydate(self.first.date()), pydate(self.last.date())

    def validate(self) -> dict[str, str]:
        if self.last.date() < self.first.date():
            return {"last": self.tr("De laatste dag ligt vóór de eerste.")}
        return {}


class ProposalDialog(FormDialog):
    """The proposed turns, each with its officer to change, before the user accepts them."""

    def __init__(
        self, parent: QWidget | None, proposal: Sequence[tuple[Slot, int | None]], officers: Mapping[int, Officer]
    ) -> None:
        super().__init__(parent, self.tr("Voorstel piketrooster"))
        self.turns = [turn for turn, _ in proposal]
        self.table = named(QTableWidget(len(proposal), 4, self), self.tr("Diensten"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Week"), self.tr("Van – tot"), self.tr("Bijzonder"), self.tr("Officier")]
        )
        self.table.verticalHeader().setVisible(False)
        self.combos: list[QComboBox] = []
        for row, (turn, person) in enumerate(proposal):
            local = to_local(turn.start)
            week = str(local.isocalendar().week)
            self.table.setItem(row, 0, QTableWidgetItem(week))
            self.table.setItem(row, 1, QTableWidgetItem(f"{format_datetime(turn.start)} – {format_datetime(turn.end)}"))
            self.table.setItem(row, 2, QTableWidgetItem(turn.heavy or ""))
            combo = named(officer_combo(self.table, officers, person), self.tr("Officier week %1").replace("%1", week))
            if person is None:
                combo.insertItem(0, self.tr("— niemand beschikbaar —"), None)
                combo.setCurrentIndex(0)
            self.table.setCellWidget(row, 3, combo)
            self.combos.append(combo)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(3, max((combo.sizeHint().width() for combo in self.combos), default=260))
        # every column in view, the officers' names whole; within the screen
        show_all_columns(self.table, self.screen().availableGeometry().width() * 3 // 4)
        self.add_field("turns", self.tr("Diensten:"), self.table)
        self.buttons.button(self.buttons.StandardButton.Ok).setText(self.tr("Accepteren"))
        self.resize(max(900, self.sizeHint().width()), 560)  # the table's columns whole

    def value(self) -> list[tuple[datetime, datetime, int]]:
        return [
            (turn.start, turn.end, int(combo.currentData()))
            for turn, combo in zip(self.turns, self.combos, strict=True)
            if combo.currentData() is not None
        ]


class _PersonPeriodDialog(FormDialog):
    """Someone, from a moment until a later one, and why: an override or a leave."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        who: str,
        officers: Mapping[int, Officer],
        period: tuple[datetime, datetime],
        reason: str = "",
    ) -> None:
        super().__init__(parent, title)
        self.person = officer_combo(self, officers)
        # nobody chosen yet: an Enter too soon must not save a name the user never picked
        self.person.setPlaceholderText(self.tr("— kies wie —"))
        self.person.setCurrentIndex(-1)
        self.start = datetime_edit(self, period[0])
        self.end = datetime_edit(self, period[1])
        self.reason = QLineEdit(reason, self)
        self.add_field("person", who, self.person)
        self.add_field("start", self.tr("Vanaf:"), self.start)
        self.add_field("end", self.tr("Tot:"), self.end)
        self.add_field("reason", self.tr("Reden:"), self.reason)
        self.require("person", self.person, self.tr("Kies wie."))

    def value(self) -> tuple[int, datetime, datetime, str]:
        return int(self.person.currentData()), moment_of(self.start), moment_of(self.end), self.reason.text()

    def validate(self) -> dict[str, str]:
        if moment_of(self.end) <= moment_of(self.start):
            return {"end": self.tr("Het einde ligt niet na het begin.")}
        return {}


class OverrideDialog(_PersonPeriodDialog):
    """Someone takes over (part of) a shift. When the period cuts into another active override of someone else,
    the form says whose, and saves only once the user ticks that it may go over it."""

    def __init__(
        self,
        parent: QWidget | None,
        officers: Mapping[int, Officer],
        start: datetime,
        end: datetime,
        overrides: Sequence[OverrideRecord] = (),
        names: Mapping[int, Officer] | None = None,
    ) -> None:
        title = self.tr("Dienst (deels) overnemen")
        super().__init__(parent, title, self.tr("Wie neemt over:"), officers, (start, end))
        self.person.setPlaceholderText(self.tr("— kies wie overneemt —"))
        self.require("person", self.person, self.tr("Kies wie de dienst overneemt."))
        self.reason.setPlaceholderText(self.tr("bijvoorbeeld: ziek, verjaardag, ruil"))
        self.overrides = tuple(overrides)
        self.names = names if names is not None else officers
        self.overrule = QCheckBox(self)
        self.add_field("overrule", "", self.overrule)
        for signal in (self.person.currentIndexChanged, self.start.dateTimeChanged, self.end.dateTimeChanged):
            signal.connect(self._show_overlap)
        self._show_overlap()

    def overlapped(self) -> list[OverrideRecord]:
        """The active overrides of others that the period chosen cuts into."""
        start, end, person = moment_of(self.start), moment_of(self.end), self.person.currentData()
        return [o for o in self.overrides if o.person_id != person and o.start < end and o.end > start]

    def _who(self, overrides: Sequence[OverrideRecord]) -> str:
        people = dict.fromkeys(self.names[o.person_id].name if o.person_id in self.names else "?" for o in overrides)
        return ", ".join(people)

    def _show_overlap(self, *_args: object) -> None:
        overlapped = self.overlapped()
        self.overrule.setText(self.tr("ook over de overname van %1 heen").replace("%1", self._who(overlapped)))
        self.overrule.setVisible(bool(overlapped))
        if not overlapped:
            self.overrule.setChecked(False)

    def validate(self) -> dict[str, str]:
        problems = super().validate()
        overlapped = self.overlapped()
        if overlapped and not self.overrule.isChecked() and "end" not in problems:
            first = overlapped[0]
            problems["overrule"] = (
                self.tr("Dit valt over de overname van %1 (%2 – %3); vink aan als dat de bedoeling is.")
                .replace("%1", self._who(overlapped))
                .replace("%2", format_datetime(first.start))
                .replace("%3", format_datetime(first.end))
            )
        return problems


class SwapDialog(FormDialog):
    def __init__(
        self, parent: QWidget | None, shift: ShiftRecord, others: Sequence[ShiftRecord], officers: Mapping[int, Officer]
    ) -> None:
        super().__init__(parent, self.tr("Diensten ruilen"))
        mine = officers[shift.person_id]
        self.other = QComboBox(self)
        for other in others:
            if other.id != shift.id and other.person_id != shift.person_id:
                who = officers[other.person_id]
                self.other.addItem(f"{format_datetime(other.start)} · {who.name} ({who.municipality})", other)
        self.mine = QLabel(f"{format_datetime(shift.start)} · {mine.name}", self)
        self.mine.setTextFormat(Qt.TextFormat.PlainText)  # a name is never markup
        self.add_field("mine", self.tr("Dienst:"), self.mine)
        self.add_field("other", self.tr("Ruilen met:"), self.other)

    def value(self) -> ShiftRecord:
        """The shift to swap with, as the rota showed it."""
        record: ShiftRecord = self.other.currentData()
        return record

    def validate(self) -> dict[str, str]:
        if self.other.currentData() is None:
            return {"other": self.tr("Er is geen dienst van een ander om mee te ruilen.")}
        return {}


class LeaveDialog(_PersonPeriodDialog):
    def __init__(self, parent: QWidget | None, officers: Mapping[int, Officer], start: datetime) -> None:
        end = start.astimezone(AMSTERDAM).replace(hour=23, minute=59)
        super().__init__(
            parent, self.tr("Verlof of afwezigheid"), self.tr("Wie:"), officers, (start, end), self.tr("verlof")
        )
