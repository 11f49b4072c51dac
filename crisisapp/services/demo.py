"""Invented demo data, so a new user (and a benchmark) sees a filled app. Later areas add theirs here."""

from datetime import datetime

from sqlalchemy.orm import Session

from crisisapp.models.programme import ProgressStatus
from crisisapp.services import programme, use_case

_PROGRESS: dict[str, tuple[ProgressStatus, str]] = {
    "6.1.1": (ProgressStatus.GEREED, "Crisisplan herzien en door het college vastgesteld."),
    "6.1.2": (ProgressStatus.BEZIG, "Training met de burgemeester gepland in het 4e kwartaal."),
    "6.1.3": (ProgressStatus.BEZIG, "Gezamenlijke oefening met Vlaardingen en Schiedam voorbereid."),
    "6.1.4": (ProgressStatus.BEZIG, "Twee van de vier alarmeringsoefeningen gehouden."),
    "6.2.1": (ProgressStatus.BEZIG, "Controles bij de Furieade en de intocht Sinterklaas."),
    "6.2.2": (ProgressStatus.GEREED, "Vooroverleg Furieade en intocht Sinterklaas gehouden."),
    "6.3.1": (ProgressStatus.BEZIG, "Knelpunten in de Koningshoek geïnventariseerd."),
    "6.3.3": (ProgressStatus.OPEN, ""),
    "6.4.1": (ProgressStatus.GEREED, "Draaiboek jaarwisseling afgestemd met politie en jongerenwerk."),
}


@use_case("Demogegevens toevoegen")
def fill_demo(session: Session, now: datetime) -> None:
    """Add the demo data of every area to the database of ``session``."""
    for code, (status, note) in _PROGRESS.items():
        programme.set_progress(session, code, status, note, now)
