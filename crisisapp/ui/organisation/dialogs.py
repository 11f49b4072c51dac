"""The forms of the crisis-organisation page: person, assignment, function, attendance."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from crisisapp.errors import ValidationError
from crisisapp.models.organisation import Role
from crisisapp.models.oto import KIND_LABELS, ActivityKind
from crisisapp.services.organisation import (
    MUNICIPALITIES,
    ROLE_LABELS,
    FunctionRecord,
    PersonInput,
    PersonRecord,
    RequirementRecord,
    validate_person,
)
from crisisapp.ui.forms import FormDialog, date_edit, pydate, qdate


class PersonDialog(FormDialog):
    def __init__(self, parent: QWidget | None, person: PersonRecord | None = None) -> None:
        super().__init__(parent, self.tr("Persoon wijzigen") if person else self.tr("Nieuwe persoon"))
        self.name = QLineEdit(self)
        self.municipality = QComboBox(self)
        self.municipality.addItems(list(MUNICIPALITIES))
        self.organisation = QLineEdit(self)
        self.mobile = QLineEdit(self)
        self.mobile.setPlaceholderText("06-12345678")
        self.phone = QLineEdit(self)
        self.phone.setPlaceholderText("010-1234567")
        self.email = QLineEdit(self)
        self.email.setPlaceholderText("naam@maassluis.nl")
        self.remarks = QPlainTextEdit(self)
        self.remarks.setFixedHeight(60)
        self.add_fields(
            ("name", self.tr("Naam:"), self.name),
            ("municipality", self.tr("Gemeente/organisatie:"), self.municipality),
            ("organisation", self.tr("Afdeling:"), self.organisation),
            ("mobile", self.tr("Mobiel:"), self.mobile),
            ("phone", self.tr("Ander nummer:"), self.phone),
            ("email", self.tr("E-mail:"), self.email),
            ("remarks", self.tr("Opmerkingen:"), self.remarks),
        )
        self.require("name", self.name, self.tr("Vul een naam in."))
        if person is not None:
            self.name.setText(person.name)
            self.municipality.setCurrentText(person.municipality)
            self.organisation.setText(person.organisation)
            self.mobile.setText(person.mobile)
            self.phone.setText(person.phone)
            self.email.setText(person.email)
            self.remarks.setPlainText(person.remarks)
        self.resize(460, self.sizeHint().height())

    def value(self) -> PersonInput:
        return PersonInput(
            self.name.text(),
            self.municipality.currentText(),
            self.organisation.text(),
            self.mobile.text(),
            self.phone.text(),
            self.email.text(),
            self.remarks.toPlainText(),
        )

    def validate(self) -> dict[str, str]:
        """Only valid input closes the form; each bad field says why, until it is put right."""
        try:
            validate_person(self.value())
        except ValidationError as exc:
            return exc.errors
        return {}


class AssignDialog(FormDialog):
    def __init__(
        self,
        parent: QWidget | None,
        function: FunctionRecord,
        people: tuple[PersonRecord, ...],
        today: date,
        *,
        has_primary: bool = False,
    ) -> None:
        super().__init__(parent, self.tr("Functie toewijzen: %1").replace("%1", function.name))
        self.person = QComboBox(self)
        self.person.setEditable(True)
        self.person.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for person in people:
            self.person.addItem(f"{person.name} ({person.municipality})", person.id)
        self.person.setCurrentIndex(-1)
        self.role = QComboBox(self)
        for role in Role:
            self.role.addItem(self.tr(ROLE_LABELS[role]), role)
        # a function with its primary gets a deputy, unless the user says otherwise
        self.role.setCurrentIndex(self.role.findData(Role.DEPUTY if has_primary else Role.PRIMARY))
        self.start = date_edit(self, today)
        self.has_end = QCheckBox(self.tr("tot en met"), self)
        self.end = date_edit(self, today)
        self.end.setEnabled(False)
        self.has_end.toggled.connect(self.end.setEnabled)
        end_row = QGridLayout()
        end_row.addWidget(self.has_end, 0, 0)
        end_row.addWidget(self.end, 0, 1)
        end_box = QWidget(self)
        end_box.setLayout(end_row)
        self.add_field("person", self.tr("Persoon:"), self.person)
        self.add_field("role", self.tr("Rol:"), self.role)
        self.add_field("start", self.tr("Vanaf:"), self.start)
        self.add_field("end", self.tr("Einde:"), end_box)

    def person_id(self) -> int | None:
        index = self.person.findText(self.person.currentText(), Qt.MatchFlag.MatchExactly)
        return self.person.itemData(index) if index >= 0 else None

    def value(self) -> tuple[int, Role, date, date | None]:
        person_id = self.person_id()
        assert person_id is not None
        end = pydate(self.end.date()) if self.has_end.isChecked() else None
        return person_id, Role(self.role.currentData()), pydate(self.start.date()), end

    def validate(self) -> dict[str, str]:
        errors = {}
        if self.person_id() is None:
            errors["person"] = self.tr("Kies een persoon uit de lijst.")
        if self.has_end.isChecked() and self.end.date() < self.start.date():
            errors["end"] = self.tr("De einddatum ligt vóór de begindatum.")
        return errors


class FunctionDialog(FormDialog):
    def __init__(self, parent: QWidget | None, function: FunctionRecord | None, team_name: str) -> None:
        title = self.tr("Functie wijzigen") if function else self.tr("Nieuwe functie in %1").replace("%1", team_name)
        super().__init__(parent, title)
        self.name = QLineEdit(self)
        self.grip = QComboBox(self)
        self.grip.addItem(self.tr("niet via GRIP"), None)
        for level in range(1, 5):
            self.grip.addItem(self.tr("vanaf GRIP %1").replace("%1", str(level)), level)
        requirements = QGridLayout()
        self.kinds: dict[ActivityKind, tuple[QCheckBox, QSpinBox]] = {}
        current = {r.kind: r.months for r in function.requirements} if function else {ActivityKind.TRAINING: 12}
        for row, kind in enumerate(ActivityKind):
            check = QCheckBox(self.tr(KIND_LABELS[kind]), self)
            months = QSpinBox(self)
            months.setRange(1, 120)
            months.setSuffix(self.tr(" maanden"))
            months.setValue(current.get(kind, 12))
            check.setChecked(kind in current)
            months.setEnabled(kind in current)
            check.toggled.connect(months.setEnabled)
            requirements.addWidget(check, row, 0)
            requirements.addWidget(months, row, 1)
            self.kinds[kind] = (check, months)
        box = QWidget(self)
        box.setLayout(requirements)
        self.add_field("name", self.tr("Naam:"), self.name)
        self.add_field("alarm_from_grip", self.tr("Alarmering:"), self.grip)
        self.add_field("requirements", self.tr("Vakbekwaam door:"), box)
        self.require("name", self.name, self.tr("Vul de naam van de functie in."))
        if function is not None:
            self.name.setText(function.name)
            self.grip.setCurrentIndex(max(self.grip.findData(function.alarm_from_grip), 0))

    def value(self) -> tuple[str, int | None, tuple[RequirementRecord, ...]]:
        requirements = tuple(
            RequirementRecord(kind, months.value()) for kind, (check, months) in self.kinds.items() if check.isChecked()
        )
        return self.name.text(), self.grip.currentData(), requirements


class AttendanceDialog(FormDialog):
    def __init__(self, parent: QWidget | None, people: tuple[PersonRecord, ...], today: date) -> None:
        super().__init__(parent, self.tr("Deelname vastleggen"))
        self.person = QComboBox(self)
        for person in people:
            self.person.addItem(f"{person.name} ({person.municipality})", person.id)
        self.kind = QComboBox(self)
        for kind in ActivityKind:
            self.kind.addItem(self.tr(KIND_LABELS[kind]), kind)
        self.day = date_edit(self, today)
        self.day.setMaximumDate(qdate(today))
        self.add_field("person", self.tr("Persoon:"), self.person)
        self.add_field("kind", self.tr("Activiteit:"), self.kind)
        self.add_field("day", self.tr("Datum:"), self.day)

    def value(self) -> tuple[int, ActivityKind, date]:
        return int(self.person.currentData()), ActivityKind(self.kind.currentData()), pydate(self.day.date())


class DateDialog(FormDialog):
    def __init__(self, parent: QWidget | None, title: str, label: str, day: date) -> None:
        super().__init__(parent, title)
        self.day = date_edit(self, day)
        self.add_field("day", label, self.day)

    def value(self) -> date:
        return pydate(self.day.date())
