"""The first hour of an incident driven from the keyboard only: start, call down the list, log ten entries, raise
GRIP, print a sitrap; and the bar on every page, the correction of an entry, closing, screenshots."""

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QPushButton

from crisisapp.models.incident import CallOutcome, EntryKind
from crisisapp.models.organisation import Role
from crisisapp.models.oto import ActionStatus
from crisisapp.services import incident as inc
from crisisapp.services import organisation as org
from crisisapp.ui import interaction
from crisisapp.ui.incident.dialogs import (
    CorrectionDialog,
    GripDialog,
    IncidentFindingDialog,
    IncidentForm,
    MomentDialog,
    StartDialog,
)
from crisisapp.ui.incident.page import IncidentPage
from tests.pdftext import pdf_text
from tests.test_gui_mainwindow import window_on

pytestmark = pytest.mark.gui
ALERT = datetime(2027, 3, 9, 22, 14, tzinfo=UTC)  # 23:14 in Maassluis
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def crew(context):
    functions = {f.name: f for t in context.call(org.list_teams) for f in t.functions}
    ovd = functions["Officier van Dienst Bevolkingszorg (OvD-Bz)"]
    acbz = functions["Algemeen Commandant Bevolkingszorg (AC-Bz)"]
    people = []
    for n, role in enumerate((Role.PRIMARY, Role.DEPUTY)):
        person = context.execute(org.AddPerson(org.PersonInput(f"Officier {n}", "Maassluis", mobile="0612345678")))
        context.execute(org.Assign(person.result.id, ovd.id, role, date(2026, 1, 1)))
        people.append(person.result)
    boss = context.execute(org.AddPerson(org.PersonInput("Commandant", "Maassluis"))).result
    context.execute(org.Assign(boss.id, acbz.id, Role.PRIMARY, date(2026, 1, 1)))
    return ovd, acbz, people


def keyboard_dialogs(qtbot, monkeypatch, fill):
    """Every dialog the page opens is shown and handed to ``fill`` (which types into it), as a user would."""
    seen: list[QDialog] = []

    def run(dialog: QDialog) -> bool:
        seen.append(dialog)
        with qtbot.waitActive(dialog):
            dialog.show()
            dialog.activateWindow()
        qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
        fill(dialog)
        owner = dialog.parentWidget().window()  # as exec() does: the window is active again
        if not dialog.isVisible():
            with qtbot.waitActive(owner):
                owner.activateWindow()
        return dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()

    monkeypatch.setattr(interaction, "run_dialog", run)
    return seen


def button(page, text: str) -> QPushButton:
    return next(b for b in page.findChildren(QPushButton) if b.text() == text)


def shoot(widget, name: str) -> None:
    folder = os.environ.get("CRISISAPP_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"incident-{name}.png"))


@pytest.mark.engines  # a user's task from start to end, also on a server database
def test_the_first_hour_from_the_keyboard(qtbot, context, monkeypatch):
    window = window_on(qtbot, context)
    clock = {"now": ALERT + timedelta(minutes=2)}
    window.context.clock = lambda: clock["now"]
    context = window.context
    ovd, acbz, people = crew(context)
    assert window.incident_bar.isHidden()
    warnings: list[str] = []
    monkeypatch.setattr(interaction, "warning", lambda parent, title, text: warnings.append(text))

    def fill(dialog: QDialog) -> None:
        focused = QApplication.focusWidget()
        if isinstance(dialog, StartDialog):
            assert focused is dialog.title
            qtbot.keyClicks(dialog.title, "Brand loods Maasboulevard")
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # Enter: to the next field
            assert dialog.isVisible() and QApplication.focusWidget() is dialog.location
            qtbot.keyClicks(dialog.location, "Maasboulevard 5")
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # GRIP 1 as it is
            alert = QApplication.focusWidget()
            assert alert is dialog.alert_at
            alert.selectAll()
            qtbot.keyClicks(alert, "9-3-2027 23:14")  # the alert came two minutes ago
            for _ in range(4):
                qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
            assert dialog.isVisible()  # Enter from the last field goes to Opslaan, never closes
        if isinstance(dialog, GripDialog):
            assert dialog.level.currentData() == 2  # one level up is offered
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
            assert dialog.isVisible()
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, CTRL)  # Ctrl+Enter saves

    keyboard_dialogs(qtbot, monkeypatch, fill)
    qtbot.keyClick(window, Qt.Key.Key_I, CTRL | SHIFT)
    page = window.current_page()
    assert isinstance(page, IncidentPage)
    made = context.call(inc.current_incident)
    assert made is not None and made.title == "Brand loods Maasboulevard" and made.alert_at == ALERT
    assert made.location == "Maasboulevard 5" and made.grip == 1
    assert window.incident_bar.isVisible() and "GRIP 1" in window.incident_bar.label.text()
    assert "+0:02 sinds de alarmering" in window.incident_bar.label.text()

    # the alarm board has the focus: the primary is not reached (3), the deputy is (1)
    assert QApplication.focusWidget() is page.board_view
    shoot(window, "1-alarmering-leeg")
    qtbot.keyClick(page.board_view, Qt.Key.Key_3)
    clock["now"] += timedelta(minutes=1)
    assert page.board_model.record(0).next_up == people[1]
    qtbot.keyClick(page.board_view, Qt.Key.Key_1)
    calls = context.call(inc.calls, made.id)
    assert [(c.name, c.outcome) for c in calls] == [
        ("Officier 0", CallOutcome.NOT_REACHED),
        ("Officier 1", CallOutcome.REACHED),
    ]
    assert not page.board_model.record(0).gap

    # ten entries, Enter each; F6 makes one a decision, F7 an action
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL)
    assert QApplication.focusWidget() is page.line
    for n in range(10):
        if n == 4:
            qtbot.keyClick(page.line, Qt.Key.Key_F6)
        if n == 6:
            qtbot.keyClick(page.line, Qt.Key.Key_F7)
        qtbot.keyClicks(page.line, f"Regel {n}")
        qtbot.keyClick(page.line, Qt.Key.Key_Return)
        assert page.line.text() == "" and QApplication.focusWidget() is page.line
        if n in (4, 6):
            qtbot.keyClick(page.line, Qt.Key.Key_F5)
        clock["now"] += timedelta(minutes=1)
    entries = context.call(inc.log, made.id)
    assert [e.text for e in entries] == [f"Regel {n}" for n in range(10)]
    assert [e.kind for e in entries][4:7] == [EntryKind.BESLUIT, EntryKind.MELDING, EntryKind.ACTIE]
    assert page.log_model.rowCount() == 10 and page.decision_model.rowCount() == 1
    assert page.action_model.rowCount() == 1
    assert page.log_model.texts(entries[3])[2] == "+0:06"  # the time since the alert beside every entry
    shoot(window, "2-logboek")

    # Ctrl+G: GRIP 2 adds the AC-Bz, shown as a gap, and keeps the OvD-Bz as reached
    qtbot.keyClick(page.line, Qt.Key.Key_G, CTRL)
    assert context.call(inc.get_incident, made.id).grip == 2
    names = [page.board_model.record(r).function.name for r in range(page.board_model.rowCount())]
    assert ovd.name in names and acbz.name in names
    assert not page.board_model.record(names.index(ovd.name)).gap
    gap = page.board_model.record(names.index(acbz.name))
    assert gap.gap and page.board_model.background(gap, 0).color().name() == "#f8d4d0"
    assert "GRIP 2" in window.incident_bar.label.text()
    shoot(window, "3-grip2")

    # Ctrl+P: the sitrap, read back
    monkeypatch.setattr(interaction, "choose_item", lambda parent, title, label, items, current: 0)
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL)
    previews = [w for w in QApplication.topLevelWidgets() if type(w).__name__ == "PdfPreviewDialog" and w.isVisible()]
    assert previews
    text = pdf_text(previews[-1].pdf)
    assert "Situatierapport" in text and "Brand loods Maasboulevard" in text and "Regel 9" in text
    assert "Officier 1" not in text or "bereikt" in text
    assert "Vertrouwelijk" in text and "Pagina 1 van" in text
    for preview in previews:
        preview.close()
    assert not warnings
    assert not any(w.isVisible() for w in QApplication.topLevelWidgets() if isinstance(w, IncidentForm))


def test_a_correction_keeps_the_original_and_the_bar_goes_when_closed(qtbot, context, monkeypatch):
    window = window_on(qtbot, context)
    window.context.clock = lambda: ALERT + timedelta(minutes=30)
    context = window.context
    crew(context)
    made = context.execute(inc.StartIncident(inc.IncidentInput("Gaslek", "Kade", 1, ALERT))).result
    wrong = context.execute(inc.AddEntry(made.id, EntryKind.MELDING, "Gaslek Kade 3", ALERT, ALERT)).result
    assert window.incident_bar.isVisible()
    page = window.show_area("incident")
    assert isinstance(page, IncidentPage)
    window.show_area("oto")
    assert window.incident_bar.isVisible()  # on every page
    window.show_area("incident")

    def fill(dialog: QDialog) -> None:
        if isinstance(dialog, CorrectionDialog):
            dialog.text.setText("Gaslek Kade 5")
        if isinstance(dialog, MomentDialog):
            dialog.at.setDateTime(ALERT + timedelta(minutes=29))
        if isinstance(dialog, IncidentFindingDialog):
            qtbot.keyClicks(dialog.description, "Gasunie later gebeld dan afgesproken")
            dialog.action.setChecked(True)
            dialog.due.setFocus()
            qtbot.keyClick(dialog.due, Qt.Key.Key_Return)  # Enter in the last field: to Opslaan, not closed
            assert dialog.isVisible()
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, CTRL)

    keyboard_dialogs(qtbot, monkeypatch, fill)
    page.log_view.setFocus()
    page.log_view.selectRow(0)
    qtbot.keyClick(page.log_view, Qt.Key.Key_F2)
    rows = [page.log_model.record(r) for r in range(page.log_model.rowCount())]
    assert [(r.text, r.corrected_by is not None) for r in rows] == [("Gaslek Kade 3", True), ("Gaslek Kade 5", False)]
    assert page.log_model.cell(rows[0], 4, Qt.ItemDataRole.FontRole).strikeOut()
    assert "gecorrigeerd door regel" in page.log_model.texts(rows[0])[4]
    assert rows[1].corrects_id == wrong.id
    shoot(window, "4-correctie")

    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    assert not context.call(inc.get_incident, made.id).is_open
    assert window.incident_bar.isHidden()
    assert not page.line.isEnabled()  # the record of a closed incident is not added to
    assert page.tabs.currentIndex() == page.tabs.count() - 2  # the evaluation
    assert page.times_model.rowCount() >= 1
    qtbot.mouseClick(button(page, "Bevinding of actiepunt…"), Qt.MouseButton.LeftButton)
    (finding,) = context.call(inc.findings, made.id)
    assert finding.description == "Gasunie later gebeld dan afgesproken" and finding.status is ActionStatus.OPEN
    assert page.finding_model.rowCount() == 1
    shoot(window, "5-evaluatie")


def test_the_page_and_its_states_on_the_demo(qtbot, context, monkeypatch, qtmodeltester):
    """The demo's running exercise: the bar, each tab, Qt's model contract on every table of the page while it
    changes; pictures of every state for looking at."""
    from crisisapp.services.demo import FillDemo
    from tests.test_gui_models import Watch, class_names, item_models

    window = window_on(qtbot, context)
    context = window.context
    context.execute(FillDemo(context.now()))
    window.incident_bar.refresh()
    assert "OEFENING" in window.incident_bar.label.text()
    page = window.show_area("incident")
    assert isinstance(page, IncidentPage)
    assert page.incident is not None and page.incident.is_open
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        shoot(window, f"demo-{index}-{page.tabs.tabText(index).lower()}")
    models = Watch(qtmodeltester)(item_models(page))
    assert {"LogModel", "BoardModel", "DecisionModel", "ActionModel", "MeetingModel", "RegisterModel"} <= class_names(
        models
    )
    assert {"TimesModel", "FindingModel"} <= class_names(models)
    page.line.setText("Nog een regel")
    qtbot.keyClick(page.line, Qt.Key.Key_Return)  # an insert, watched
    page.tabs.setCurrentIndex(1)
    page.board_view.selectRow(0)
    qtbot.keyClick(page.board_view, Qt.Key.Key_5)  # a refill, watched
    page.open_from_register()
    page.register_view.selectRow(1)
    page.open_from_register()  # the closed one: times and findings filled
    assert page.times_model.rowCount() >= 1 and page.finding_model.rowCount() == 2
    vandaag = window.show_area("vandaag")
    qtbot.waitUntil(lambda: not vandaag.waiting())
    shoot(window, "vandaag")
    assert vandaag.line_texts("duty")[0].startswith("Oefening loopt: Brand bedrijfspand Noordvliet, GRIP 1")
    assert any("Incident · Stroomstoring Koningshoek: " in text for text in vandaag.line_texts("actions"))
    qtbot.mouseClick(vandaag.incident_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is page and page.line.hasFocus()


def test_a_log_entry_does_not_rebuild_vandaag_but_a_grip_change_does(qtbot, context, monkeypatch):
    window = window_on(qtbot, context)
    context = window.context
    made = context.execute(inc.StartIncident(inc.IncidentInput("Gaslek", "Kade", 1, ALERT))).result
    vandaag = window.page("vandaag")
    qtbot.waitUntil(lambda: not vandaag.waiting())
    rebuilt: list[tuple[str, ...]] = []
    monkeypatch.setattr(vandaag, "_read", lambda part: rebuilt.append(part.fields))
    context.execute(inc.AddEntry(made.id, EntryKind.ACTIE, "Afzetten", ALERT, ALERT, "Politie"))
    assert rebuilt == []
    context.execute(inc.SetGrip(made.id, 2, ALERT + timedelta(minutes=5)))
    assert ("incidents", "duty") in rebuilt  # the GRIP level stands on Vandaag
    assert ("gaps", "gap_summary", "first_steps") not in rebuilt and ("events",) not in rebuilt  # the rest stays


def test_a_voicemail_waits_then_amber_puts_the_deputy_up(qtbot, context):
    window = window_on(qtbot, context)
    clock = {"now": ALERT}
    window.context.clock = lambda: clock["now"]
    context = window.context
    _ovd, _acbz, people = crew(context)
    made = context.execute(inc.StartIncident(inc.IncidentInput("Gaslek", "Kade", 1, ALERT))).result
    page = window.show_area("incident")
    assert isinstance(page, IncidentPage)
    page.tabs.setCurrentIndex(1)
    page.board_view.setFocus()
    page.board_view.selectRow(0)
    qtbot.keyClick(page.board_view, Qt.Key.Key_2)  # voicemail for the primary
    line = page.board_model.record(0)
    assert line.state() == "wacht op terugbellen" and page.board_model.background(line, 0).color().name() == "#f8d4d0"
    clock["now"] += timedelta(minutes=5)
    page.tick()  # the timer: five minutes without an answer
    line = page.board_model.record(0)
    assert line.late and line.next_up == people[1] and page.board_model.background(line, 0).color().name() == "#fbe3c4"
    assert "nu bellen: Officier 1" in line.state()
    clock["now"] += timedelta(minutes=1)
    qtbot.keyClick(page.board_view, Qt.Key.Key_3)  # the deputy: not reached either
    qtbot.keyClick(page.board_view, Qt.Key.Key_1)  # the primary calls back: reached
    calls = context.call(inc.calls, made.id)
    assert [(c.name, c.outcome) for c in calls] == [
        ("Officier 0", CallOutcome.VOICEMAIL),
        ("Officier 1", CallOutcome.NOT_REACHED),
        ("Officier 0", CallOutcome.REACHED),
    ]
    qtbot.keyClick(page.board_view, Qt.Key.Key_5)  # and arrives
    assert context.call(inc.calls, made.id)[-1].arrived_at == clock["now"]
    assert page.board_model.record(0).state() == "aanwezig: Officier 0"
