"""Small building blocks that every page uses the same way."""

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView, QVBoxLayout, QWidget

#: The index types Qt passes to item-model methods.
AnyIndex = QModelIndex | QPersistentModelIndex


def page_header(page: QWidget, title: str, subtitle: str) -> QVBoxLayout:
    """The bold title of a page with a grey line under it."""
    title_label = QLabel(title, page)
    title_label.setObjectName("pageTitle")
    subtitle_label = QLabel(subtitle, page)
    subtitle_label.setObjectName("pageSubtitle")
    layout = QVBoxLayout()
    layout.addWidget(title_label)
    layout.addWidget(subtitle_label)
    return layout


def record_table(parent: QWidget, model: QAbstractItemModel) -> QTableView:
    """A read-only table of records: whole rows selected, one at a time, alternating colours."""
    view = QTableView(parent)
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    return view
