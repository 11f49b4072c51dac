"""The areas of the app, in navigation order. Each later area adds its entry here."""

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QUndoStack

from crisisapp.context import AppContext
from crisisapp.ui.page import Page


@dataclass(frozen=True)
class Area:
    key: str
    title: str
    build: Callable[[AppContext, QUndoStack], Page]


def _lazy(module: str, name: str) -> Callable[[AppContext, QUndoStack], Page]:
    """The page class ``name`` of ``module``, imported when the page is first shown: a start imports only the first
    page's modules."""

    def build(context: AppContext, undo_stack: QUndoStack) -> Page:
        page_class: type[Page] = getattr(importlib.import_module(module), name)
        return page_class(context, undo_stack)

    return build


AREAS: tuple[Area, ...] = (
    Area("vandaag", "Vandaag", _lazy("crisisapp.ui.vandaag.page", "VandaagPage")),
    Area("programme", "Programma", _lazy("crisisapp.ui.programme.page", "ProgrammePage")),
    Area("organisation", "Crisisorganisatie", _lazy("crisisapp.ui.organisation.page", "OrganisationPage")),
    Area("piket", "Piket", _lazy("crisisapp.ui.piket.page", "PiketPage")),
    Area("oto", "OTO", _lazy("crisisapp.ui.oto.page", "OtoPage")),
    Area("events", "Evenementen", _lazy("crisisapp.ui.events.page", "EventsPage")),
    Area("jaarwisseling", "Jaarwisseling", _lazy("crisisapp.ui.jaarwisseling.page", "JaarwisselingPage")),
    Area("hulpdiensten", "Hulpdiensten", _lazy("crisisapp.ui.hulpdiensten.page", "HulpdienstenPage")),
    Area("logboek", "Logboek wijzigingen", _lazy("crisisapp.ui.logboek.page", "LogboekPage")),
    Area("incident", "Incident", _lazy("crisisapp.ui.incident.page", "IncidentPage")),
)
