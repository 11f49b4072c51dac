"""The areas of the app, in navigation order. Each later area adds its entry here."""

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


def _vandaag(context: AppContext, undo_stack: QUndoStack) -> Page:
    from crisisapp.ui.vandaag.page import VandaagPage

    return VandaagPage(context, undo_stack)


def _programme(context: AppContext, undo_stack: QUndoStack) -> Page:
    from crisisapp.ui.programme.page import ProgrammePage

    return ProgrammePage(context, undo_stack)


def _organisation(context: AppContext, undo_stack: QUndoStack) -> Page:
    from crisisapp.ui.organisation.page import OrganisationPage

    return OrganisationPage(context, undo_stack)


def _piket(context: AppContext, undo_stack: QUndoStack) -> Page:
    from crisisapp.ui.piket.page import PiketPage

    return PiketPage(context, undo_stack)


def _oto(context: AppContext, undo_stack: QUndoStack) -> Page:
    from crisisapp.ui.oto.page import OtoPage

    return OtoPage(context, undo_stack)


def _events(context: AppContext, undo_stack: QUndoStack) -> Page:
    from crisisapp.ui.events.page import EventsPage

    return EventsPage(context, undo_stack)


def _jaarwisseling(context: AppContext, undo_stack: QUndoStack) -> Page:
    from crisisapp.ui.jaarwisseling.page import JaarwisselingPage

    return JaarwisselingPage(context, undo_stack)


def _hulpdiensten(context: AppContext, undo_stack: QUndoStack) -> Page:
    from crisisapp.ui.hulpdiensten.page import HulpdienstenPage

    return HulpdienstenPage(context, undo_stack)


def _incident(context: AppContext, undo_stack: QUndoStack) -> Page:
    from crisisapp.ui.incident.page import IncidentPage

    return IncidentPage(context, undo_stack)


def _logboek(context: AppContext, undo_stack: QUndoStack) -> Page:
    from crisisapp.ui.logboek.page import LogboekPage

    return LogboekPage(context, undo_stack)


AREAS: tuple[Area, ...] = (
    Area("vandaag", "Vandaag", _vandaag),
    Area("programme", "Programma", _programme),
    Area("organisation", "Crisisorganisatie", _organisation),
    Area("piket", "Piket", _piket),
    Area("oto", "OTO", _oto),
    Area("events", "Evenementen", _events),
    Area("jaarwisseling", "Jaarwisseling", _jaarwisseling),
    Area("hulpdiensten", "Hulpdiensten", _hulpdiensten),
    Area("logboek", "Logboek wijzigingen", _logboek),
    Area("incident", "Incident", _incident),
)
