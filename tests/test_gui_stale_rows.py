"""Several users at once, over every page: when someone else changed every row after the page showed it, no
button the user presses overwrites or deletes one of those rows unseen. Each press (a form saved as it opened, a
confirmation answered yes) either adds new rows only or is refused, saying who changed what."""

from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractButton, QTableView, QTabWidget
from sqlalchemy import Table, select, update

from crisisapp.models.base import VERSION, Base
from crisisapp.ui import interaction
from crisisapp.ui.forms import FormDialog
from crisisapp.ui.mainwindow import MainWindow
from tests.test_gui_edit_controls import READING
from tests.test_gui_forms import cancel, save, shown
from tests.test_gui_mainwindow import window_on
from tests.test_versions import theirs_beside

pytestmark = [pytest.mark.gui, pytest.mark.engines]

Rows = dict[str, dict[tuple[Any, ...], tuple[Any, ...]]]


def _versioned() -> list[Table]:
    return [table for table in Base.metadata.sorted_tables if VERSION in table.c]


def _rows(connection: Any) -> Rows:
    """Every row of every table users edit, by key."""
    found: Rows = {}
    for table in _versioned():
        key = list(table.primary_key.columns)
        found[table.name] = {
            tuple(row[column.name] for column in key): tuple(row)
            for row in connection.execute(select(table)).mappings()
        }
    return found


def _changed(before: Rows, after: Rows) -> list[str]:
    """The rows of ``before`` that ``after`` has changed or lacks."""
    return [
        f"{table}{key}{' verwijderd' if key not in after[table] else ''}"
        for table, rows in before.items()
        for key, row in rows.items()
        if after[table].get(key) != row
    ]


def _places(window: MainWindow, area: str) -> list[tuple[int, ...]]:
    """Every combination of the page's tabs: a tab index per tab widget."""
    tabs = window.show_area(area).findChildren(QTabWidget)
    places: list[tuple[int, ...]] = [()]
    for widget in tabs:
        places = [(*place, index) for place in places for index in range(widget.count())]
    return places


def _show(window: MainWindow, area: str, place: tuple[int, ...]) -> Any:
    """The page of ``area`` at the tabs of ``place``, the first row selected in every table that shows."""
    page = window.show_area(area)
    for widget, index in zip(page.findChildren(QTabWidget), place, strict=True):
        widget.setCurrentIndex(index)
    for view in page.findChildren(QTableView):
        if view.isVisible() and view.model() is not None and view.model().rowCount() > 0 and not view.selectedIndexes():
            view.selectRow(0)
    return page


def _buttons(page: Any, reading: set[str]) -> dict[str, QAbstractButton]:
    """The buttons a user can press there that may change something."""
    return {
        button.text(): button
        for button in page.findChildren(QAbstractButton)
        if button.isVisible() and button.isEnabled() and button.text() and button.text() not in reading
    }


def test_no_button_overwrites_a_row_someone_changed_since_the_page_showed_it(qtbot, demo_context, monkeypatch):
    window = window_on(qtbot, demo_context)
    theirs = theirs_beside(window.context)
    told: list[str] = []

    def saved_as_opened(dialog: Any) -> bool:
        if not isinstance(dialog, FormDialog):
            return False
        shown(qtbot, dialog)
        save(qtbot, dialog)
        if dialog.isVisible():
            told.append(dialog.general.text())
            cancel(qtbot, dialog)
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", saved_as_opened)
    monkeypatch.setattr(interaction, "confirm", lambda *_args: True)
    monkeypatch.setattr(interaction, "question", lambda *_args: True)
    monkeypatch.setattr(interaction, "warning", lambda _parent, _title, text: told.append(text))
    monkeypatch.setattr(interaction, "information", lambda _parent, _title, text: told.append(text))
    for name in ("open_filename", "save_filename", "existing_folder", "choose_item"):
        monkeypatch.setattr(interaction, name, lambda *_args: None)
    overwritten: list[str] = []
    pressed: list[str] = []
    try:
        for area in window.areas:
            for place in _places(window, area.key):
                for text in _buttons(_show(window, area.key, place), READING.get(area.key, set())):
                    button = _buttons(_show(window, area.key, place), READING.get(area.key, set())).get(text)
                    if button is None:
                        continue
                    with theirs.database.engine.begin() as connection:  # someone else changes every row, unseen
                        for table in _versioned():
                            connection.execute(update(table).values({VERSION: table.c[VERSION] + 1}))
                        before = _rows(connection)
                    button.click()
                    pressed.append(f"{area.key} {place} {text}")
                    with theirs.database.engine.connect() as connection:
                        after = _rows(connection)
                    overwritten += [f"{area.key} / {text}: {row}" for row in _changed(before, after)]
    finally:
        theirs.close()
    assert overwritten == []
    # every page that changes anything was pressed through, and the refusals said why
    assert {line.split()[0] for line in pressed} == {area.key for area in window.areas} - {"vandaag", "logboek"}
    assert len(pressed) > 100
    assert sum("is intussen gewijzigd" in text for text in told) > 40
