"""Hulpdiensten page: the accessibility register, HartslagNu citizen responders against the target, and the
recruitment of fire-brigade volunteers."""

from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crisisapp.context import AppContext
from crisisapp.dutch import against_minimum, number
from crisisapp.models.hulpdiensten import (
    Obstacle,
    ObstacleStatus,
    Recruitment,
    ResponderCount,
    ResponderMeeting,
    ResponderTarget,
)
from crisisapp.places import Place
from crisisapp.services import hulpdiensten as hd
from crisisapp.services import versions
from crisisapp.services.hulpdiensten import CountRecord, MeetingRecord, ObstacleRecord, RecruitmentRecord
from crisisapp.services.organisation import counted
from crisisapp.storage.ownership import HOME
from crisisapp.storage.roles import Owned
from crisisapp.timeutil import format_date, to_local
from crisisapp.ui.charts import BarChart
from crisisapp.ui.forms import FormDialog, date_edit, pydate
from crisisapp.ui.page import Page, PrintJob
from crisisapp.ui.widgets import (
    DISPLAY,
    RecordTableModel,
    TextTableModel,
    labelled,
    page_header,
    selected_record,
    table_tab,
)

TOO_NARROW = QColor("#fde8e6")
#: The HartslagNu tables take a little more room than the chart beside them, so that no text in them is cut off.
TABLE_STRETCH, CHART_STRETCH = 5, 4


#: The work with the emergency services, like every record without a municipality, is Maassluis' (storage/roles.py).
SERVICES = Owned("het hulpdienstenwerk (bereikbaarheid, HartslagNu, werving)", HOME)


class ObstacleModel(RecordTableModel):
    HEADERS = ("Straat", "Oorzaak", "Breedte", "Gemeld", "Status", "Maatregel / omschrijving")

    def cell(self, record: ObstacleRecord, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and record.too_narrow and record.status is not ObstacleStatus.SOLVED:
            return QBrush(TOO_NARROW)
        if role not in (DISPLAY, Qt.ItemDataRole.ToolTipRole):
            return None
        return (
            record.street,
            record.cause,
            against_minimum(record.width_m, hd.MIN_WIDTH_M),
            format_date(record.reported_on),
            record.status.value,
            " · ".join(part for part in (record.measure, record.description) if part),
        )[column]


class CountModel(TextTableModel):
    HEADERS = ("Datum", "Aangemeld", "Geldig certificaat", "Bron")

    def texts(self, record: CountRecord) -> tuple[str, ...]:
        certified = "" if record.certified is None else number(record.certified)
        return (format_date(record.counted_on), number(record.registered), certified, record.source)


class MeetingModel(TextTableModel):
    HEADERS = ("Datum", "Onderwerp", "Aanwezigen")

    def texts(self, record: MeetingRecord) -> tuple[str, ...]:
        return (format_date(record.held_on), record.subject, number(record.attendees))


class RecruitmentModel(TextTableModel):
    HEADERS = ("Datum", "Actie", "Bereikt", "Aangemeld")

    def texts(self, record: RecruitmentRecord) -> tuple[str, ...]:
        return (format_date(record.held_on), record.action, number(record.reached), number(record.applied))


def _count_box(parent: QWidget, maximum: int = 100_000) -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(0, maximum)
    box.setGroupSeparatorShown(True)  # 4.000, as the counts are read everywhere else
    return box


class ObstacleDialog(FormDialog):
    def __init__(self, parent: QWidget | None, today: date) -> None:
        super().__init__(parent, self.tr("Knelpunt bereikbaarheid"))
        self.street, self.description = QLineEdit(self), QLineEdit(self)
        self.cause = QComboBox(self)
        self.cause.addItems(list(hd.CAUSES))
        self.width_box = QDoubleSpinBox(self)
        self.width_box.setRange(0, 49.99)
        self.width_box.setDecimals(2)
        self.width_box.setSuffix(" m")
        self.width_box.setSpecialValueText(self.tr("niet gemeten"))
        self.reported_on = date_edit(self, today)
        self.add_fields(
            ("street", self.tr("Straat of plek:"), self.street),
            ("cause", self.tr("Oorzaak:"), self.cause),
            ("width_m", self.tr("Gemeten breedte:"), self.width_box),
            ("reported_on", self.tr("Gemeld op:"), self.reported_on),
            ("description", self.tr("Omschrijving:"), self.description),
        )
        self.require("street", self.street, self.tr("Vul de straat of plek in."))

    def width_m(self) -> float | None:
        return self.width_box.value() or None


class MeasureDialog(FormDialog):
    def __init__(self, parent: QWidget | None, obstacle: ObstacleRecord) -> None:
        super().__init__(parent, self.tr("Maatregel: %1").replace("%1", obstacle.street))
        self.measure = QLineEdit(obstacle.measure, self)
        self.status = QComboBox(self)
        self.status.addItems([status.value for status in ObstacleStatus])
        self.status.setCurrentText(obstacle.status.value)
        self.add_field("measure", self.tr("Maatregel:"), self.measure)
        self.add_field("status", self.tr("Status:"), self.status)


class CountDialog(FormDialog):
    def __init__(self, parent: QWidget | None, today: date, last: CountRecord | None) -> None:
        super().__init__(parent, self.tr("HartslagNu-telling"))
        self.counted_on = date_edit(self, today)
        self.registered = _count_box(self)
        self.certified = _count_box(self)
        self.certified.setSpecialValueText(self.tr("onbekend"))
        self.source = QLineEdit("HartslagNu", self)
        if last is not None:
            self.registered.setValue(last.registered)
        self.add_fields(
            ("counted_on", self.tr("Datum:"), self.counted_on),
            ("registered", self.tr("Aangemeld:"), self.registered),
            ("certified", self.tr("Geldig certificaat:"), self.certified),
            ("source", self.tr("Bron:"), self.source),
        )


class MeetingDialog(FormDialog):
    def __init__(self, parent: QWidget | None, today: date) -> None:
        super().__init__(parent, self.tr("Bijeenkomst burgerhulpverleners"))
        self.held_on, self.subject, self.attendees = date_edit(self, today), QLineEdit(self), _count_box(self, 10_000)
        self.add_field("held_on", self.tr("Datum:"), self.held_on)
        self.add_field("subject", self.tr("Onderwerp:"), self.subject)
        self.add_field("attendees", self.tr("Aanwezigen:"), self.attendees)
        self.require("subject", self.subject, self.tr("Vul het onderwerp in."))


class RecruitmentDialog(FormDialog):
    def __init__(self, parent: QWidget | None, today: date) -> None:
        super().__init__(parent, self.tr("Wervingsactie brandweer"))
        self.held_on, self.action = date_edit(self, today), QLineEdit(self)
        self.reached, self.applied = _count_box(self), _count_box(self, 10_000)
        self.add_fields(
            ("held_on", self.tr("Datum:"), self.held_on),
            ("action", self.tr("Actie:"), self.action),
            ("reached", self.tr("Bereikt:"), self.reached),
            ("applied", self.tr("Aangemeld:"), self.applied),
        )
        self.require("action", self.action, self.tr("Beschrijf de actie."))


class HulpdienstenPage(Page):
    def __init__(self, context: AppContext, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(context, undo_stack, parent)
        titles, self.subtitle = page_header(self, self.tr("Hulpdiensten"), "")
        self.print_button = QPushButton(self.tr("Afdrukken…"), self)
        self.print_button.setToolTip(self.tr("De knelpunten in de bereikbaarheid afdrukken (Ctrl+P)"))
        self.print_button.clicked.connect(self.print_requested)
        header = QHBoxLayout()
        header.addLayout(titles, 1)
        header.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.tabs = QTabWidget(self)
        self.obstacle_model, self.count_model = ObstacleModel(), CountModel()
        self.meeting_model, self.recruitment_model = MeetingModel(), RecruitmentModel()
        # This year's target as stored (its row and value), and as the spin box's input started from it.
        self.target_stored: tuple[versions.Loaded, int] | None = None
        self.target_shown: tuple[versions.Loaded, int] | None = None
        self.obstacle_view = table_tab(
            self.tabs,
            self.tr("Bereikbaarheid"),
            self.obstacle_model,
            ((self.tr("Knelpunt melden…"), self.add_obstacle, hd.AddObstacle),),
            (180, 130, 170, 120, 110),
            (
                (self.tr("Maatregel en status…"), self.update_obstacle, hd.UpdateObstacle),
                (self.tr("Verwijderen"), self.delete_obstacle, hd.DeleteObstacle),
            ),
            guard=partial(self.guard, owned=SERVICES),
        )
        self._responders_tab()
        self.recruitment_view = table_tab(
            self.tabs,
            self.tr("Werving vrijwilligers brandweer"),
            self.recruitment_model,
            ((self.tr("Actie vastleggen…"), self.add_recruitment, hd.AddRecruitment),),
            (110, 520, 90),
            ((self.tr("Verwijderen"), self.delete_recruitment, hd.DeleteRecruitment),),
            guard=partial(self.guard, owned=SERVICES),
        )
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        self.refresh()

    def _responders_tab(self) -> None:
        tab = QWidget(self.tabs)
        self.target = QSpinBox(tab)
        self.target.setRange(0, 100_000)
        self.target.setSpecialValueText(self.tr("geen doel"))
        self.target.setGroupSeparatorShown(True)
        self.target.setKeyboardTracking(False)
        save_target = QPushButton(self.tr("Doel vastleggen"), tab)
        save_target.clicked.connect(self.save_target)
        for widget in (self.target, save_target):
            self.guard(widget, hd.SetTarget, owned=SERVICES)
        target_row = QHBoxLayout()
        target_row.addWidget(labelled(tab, self.tr("Doel voor %1:").replace("%1", str(self.today().year)), self.target))
        target_row.addWidget(self.target)
        target_row.addWidget(save_target)
        target_row.addStretch(1)
        inner = QTabWidget(tab)
        self.count_view = table_tab(
            inner,
            self.tr("Tellingen"),
            self.count_model,
            ((self.tr("Telling vastleggen…"), self.add_count, hd.AddCount),),
            (110, 85, 120),
            ((self.tr("Verwijderen"), self.delete_count, hd.DeleteCount),),
            guard=partial(self.guard, owned=SERVICES),
        )
        self.meeting_view = table_tab(
            inner,
            self.tr("Bijeenkomsten"),
            self.meeting_model,
            ((self.tr("Bijeenkomst vastleggen…"), self.add_meeting, hd.AddMeeting),),
            (110, 280),
            ((self.tr("Verwijderen"), self.delete_meeting, hd.DeleteMeeting),),
            guard=partial(self.guard, owned=SERVICES),
        )
        self.chart = BarChart(tab)
        self.responders_layout = QHBoxLayout()
        self.responders_layout.addWidget(inner, TABLE_STRETCH)
        self.responders_layout.addWidget(self.chart, CHART_STRETCH)
        layout = QVBoxLayout(tab)
        layout.addLayout(target_row)
        layout.addLayout(self.responders_layout, 1)
        self.tabs.addTab(tab, self.tr("HartslagNu"))

    def today(self) -> date:
        return to_local(self.context.now()).date()

    def refresh(self) -> None:
        year = self.today().year
        view = self.context.call(hd.overview)
        found = view.obstacles
        self.obstacle_model.set_rows(found)
        all_counts = view.counts
        self.count_model.set_rows(tuple(reversed(all_counts)))
        self.meeting_model.set_rows(tuple(reversed(view.meetings)))
        self.recruitment_model.set_rows(tuple(reversed(view.recruitment)))
        targets = view.targets
        self.target_stored = (
            versions.Loaded(
                ResponderTarget.__tablename__,
                (year,),
                view.target_rows[year][1] if year in view.target_rows else None,
                self.tr("Het doel voor %1").replace("%1", str(year)),
                shown_in=self.tr("de kop van de pagina"),
            ),
            targets.get(year, 0),
        )
        shown = self.target_shown
        typing = self.target.lineEdit().isModified() or (shown is not None and self.target.value() != shown[1])
        if shown is None or not typing:  # what someone else saved does not wipe a target being typed
            self.target_shown = self.target_stored
            self.target.setValue(self.target_stored[1])
        open_count = sum(1 for o in found if o.status is not ObstacleStatus.SOLVED)
        latest = all_counts[-1].registered if all_counts else None
        goal = targets.get(year)
        self.subtitle.setText(
            self.tr("%1 open · HartslagNu: %2 burgerhulpverleners%3")
            .replace("%1", counted(open_count, self.tr("knelpunt"), self.tr("knelpunten")))
            .replace("%2", "—" if latest is None else number(latest))
            .replace("%3", "" if goal is None else self.tr(", doel %1").replace("%1", number(goal)))
        )
        self._draw_chart(view.yearly)

    def _draw_chart(self, years: tuple[tuple[int, int | None, int | None], ...]) -> None:
        """The latest count of each year against that year's target (a missing one as an empty bar)."""
        self.chart.show_counts(
            self.tr("Burgerhulpverleners tegen het doel"),
            [str(year) for year, _count, _target in years],
            [
                (self.tr("aangemeld (laatste telling)"), [float(count or 0) for _year, count, _target in years]),
                (self.tr("doel"), [float(target or 0) for _year, _count, target in years]),
            ],
        )

    def data_changed(self, tables: frozenset[str]) -> None:
        if tables & hd.TABLES:
            self.refresh()

    def reveal(self, place: Place, key: object) -> None:
        self.tabs.setCurrentIndex(1 if place is Place.HARTSLAGNU else 0)

    def add_obstacle(self) -> bool:
        dialog = ObstacleDialog(self, self.today())
        return self.submitted(
            dialog,
            lambda: hd.AddObstacle(
                dialog.street.text(),
                dialog.cause.currentText(),
                pydate(dialog.reported_on.date()),
                dialog.description.text(),
                dialog.width_m(),
            ),
        )

    def update_obstacle(self) -> bool:
        obstacle: ObstacleRecord | None = selected_record(self.obstacle_view)
        if obstacle is None:
            return False
        editing = versions.shown(Obstacle, obstacle, self.tr("Dit knelpunt"))
        dialog = MeasureDialog(self, obstacle)
        return self.submitted(
            dialog,
            lambda: hd.UpdateObstacle(obstacle.id, dialog.measure.text(), ObstacleStatus(dialog.status.currentText())),
            editing,
        )

    def delete_obstacle(self) -> bool:
        return self.delete_selected(
            self.obstacle_view,
            lambda o: self.tr("Het knelpunt %1").replace("%1", o.street),
            lambda o: hd.DeleteObstacle(o.id),
            (Obstacle, self.tr("Dit knelpunt")),
        )

    def save_target(self) -> bool:
        shown = self.target_shown
        done = self.succeeded(hd.SetTarget(self.today().year, self.target.value() or None), shown and shown[0])
        # Saved, or refused because someone else set it since it was shown (the input stays, the subtitle shows
        # theirs): from now on the target as stored is what the box expects.
        self.target_shown = self.target_stored
        self.target.lineEdit().setModified(False)
        return done

    def add_count(self) -> bool:
        all_counts = self.context.call(hd.counts)
        dialog = CountDialog(self, self.today(), all_counts[-1] if all_counts else None)
        return self.submitted(
            dialog,
            lambda: hd.AddCount(
                pydate(dialog.counted_on.date()),
                dialog.registered.value(),
                dialog.certified.value() or None,
                dialog.source.text(),
            ),
        )

    def delete_count(self) -> bool:
        return self.delete_selected(
            self.count_view,
            lambda c: self.tr("De telling van %1").replace("%1", format_date(c.counted_on)),
            lambda c: hd.DeleteCount(c.id),
            (ResponderCount, self.tr("Deze telling")),
        )

    def delete_meeting(self) -> bool:
        return self.delete_selected(
            self.meeting_view,
            lambda m: (
                self.tr("De bijeenkomst ‘%1’ van %2").replace("%1", m.subject).replace("%2", format_date(m.held_on))
            ),
            lambda m: hd.DeleteMeeting(m.id),
            (ResponderMeeting, self.tr("Deze bijeenkomst")),
        )

    def delete_recruitment(self) -> bool:
        return self.delete_selected(
            self.recruitment_view,
            lambda a: self.tr("De wervingsactie ‘%1’").replace("%1", a.action),
            lambda a: hd.DeleteRecruitment(a.id),
            (Recruitment, self.tr("Deze wervingsactie")),
        )

    def add_meeting(self) -> bool:
        dialog = MeetingDialog(self, self.today())
        return self.submitted(
            dialog,
            lambda: hd.AddMeeting(pydate(dialog.held_on.date()), dialog.subject.text(), dialog.attendees.value()),
        )

    def add_recruitment(self) -> bool:
        dialog = RecruitmentDialog(self, self.today())
        return self.submitted(
            dialog,
            lambda: hd.AddRecruitment(
                pydate(dialog.held_on.date()), dialog.action.text(), dialog.reached.value(), dialog.applied.value()
            ),
        )

    def can_print(self) -> bool:
        return True

    def print_job(self) -> PrintJob | None:
        from crisisapp.reports.hulpdiensten import TITLE, hulpdiensten_pdf

        pdf = hulpdiensten_pdf(self.context.call(hd.obstacles), self.context.printed())
        return PrintJob(self.tr(TITLE), pdf, "bereikbaarheid-hulpdiensten.pdf")
