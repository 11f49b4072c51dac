"""The Qt binding keeps Python's reference counts: PySide6 6.12.0 on Python 3.11 dropped a reference to None on
every call into Qt, so a long session (or a long test run) died with "Fatal Python error: none_dealloc"."""

import sys

import pytest
from PySide6.QtWidgets import QLineEdit

pytestmark = pytest.mark.gui


def test_calls_into_qt_and_back_keep_the_reference_count_of_none(qtbot):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    seen: list[str] = []
    edit.textChanged.connect(seen.append)
    before = sys.getrefcount(None)
    for number in range(1000):
        edit.setText(str(number))
    assert len(seen) == 1000
    assert abs(sys.getrefcount(None) - before) < 50  # a few references may come and go; 1,000 lost is the bug
