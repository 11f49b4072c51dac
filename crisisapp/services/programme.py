"""The 2020 programme as read-only records, searching its actions, and the team's priority-6 progress."""

import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from crisisapp.errors import DomainError
from crisisapp.models.programme import ActionProgress, ProgressStatus
from crisisapp.services.commands import Command

# The priority whose actions the team tracks; the others are shown as written.
TRACKED_PRIORITY = 6
#: The tables whose changes the programme's views show.
TABLES = frozenset({ActionProgress.__tablename__})

STATUS_LABELS: dict[ProgressStatus, str] = {
    ProgressStatus.OPEN: "open",
    ProgressStatus.BEZIG: "bezig",
    ProgressStatus.GEREED: "gereed",
    ProgressStatus.VERVALLEN: "vervallen",
}


@dataclass(frozen=True, slots=True)
class Action:
    code: str
    hoe: str
    wanneer: str
    wie: str

    @property
    def priority_number(self) -> int:
        return int(self.code.split(".", 1)[0])


@dataclass(frozen=True, slots=True)
class Inzet:
    code: str
    title: str
    ambition: str
    actions: tuple[Action, ...]


@dataclass(frozen=True, slots=True)
class Priority:
    number: int
    title: str
    introduction: tuple[str, ...]
    what_we_do: tuple[str, ...]
    notes: tuple[str, ...]
    inzet: tuple[Inzet, ...]

    @property
    def tracked(self) -> bool:
        return self.number == TRACKED_PRIORITY


@dataclass(frozen=True, slots=True)
class Programme:
    title: str
    date: date
    introduction: tuple[str, ...]
    priorities: tuple[Priority, ...]

    def priority(self, number: int) -> Priority:
        for priority in self.priorities:
            if priority.number == number:
                return priority
        numbers = ", ".join(str(p.number) for p in self.priorities)
        raise DomainError(f"Prioriteit {number} bestaat niet; het programma kent de prioriteiten {numbers}.")

    def actions(self) -> tuple[Action, ...]:
        return tuple(a for p in self.priorities for i in p.inzet for a in i.actions)


@dataclass(frozen=True, slots=True)
class Progress:
    """The team's status and note on one tracked action."""

    action_code: str
    status: ProgressStatus
    note: str
    updated_at: datetime | None
    #: The version of its row as read with it; None for an action whose progress nobody recorded yet.
    version: int | None = None


@cache
def load_programme() -> Programme:
    """The programme text shipped in ``resources/programme.toml``."""
    data = tomllib.loads((resources.files("crisisapp.resources") / "programme.toml").read_text("utf-8"))
    priorities = tuple(
        Priority(
            number=p["number"],
            title=p["title"],
            introduction=tuple(p["introduction"]),
            what_we_do=tuple(p["what_we_do"]),
            notes=tuple(p["notes"]),
            inzet=tuple(
                Inzet(
                    code=f"{p['number']}.{index}",
                    title=i["title"],
                    ambition=i["ambition"],
                    actions=tuple(Action(a["code"], a["hoe"], a["wanneer"], a["wie"]) for a in i["action"]),
                )
                for index, i in enumerate(p["inzet"], start=1)
            ),
        )
        for p in data["priority"]
    )
    return Programme(data["title"], data["date"], tuple(data["introduction"]), priorities)


def fold(text: str) -> str:
    """Text for matching: case and accents ignored, so 'geinformeerd' finds 'geïnformeerd'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def search_terms(query: str) -> tuple[str, ...]:
    return tuple(fold(word) for word in query.split())


def matches(action: Action, terms: tuple[str, ...]) -> bool:
    """True when every term occurs in the action's hoe, wanneer or wie."""
    haystack = fold(f"{action.hoe}\n{action.wanneer}\n{action.wie}")
    return all(term in haystack for term in terms)


def search_actions(programme: Programme, query: str) -> tuple[Action, ...]:
    """The actions of all priorities that contain every word of ``query``."""
    terms = search_terms(query)
    return tuple(a for a in programme.actions() if matches(a, terms))


def _tracked_action(code: str) -> Action:
    for inzet in load_programme().priority(TRACKED_PRIORITY).inzet:
        for action in inzet.actions:
            if action.code == code:
                return action
    raise DomainError(
        f"Actie {code} is geen actie van prioriteit {TRACKED_PRIORITY}; alleen daarvan wordt de voortgang bijgehouden."
    )


def get_progress(session: Session) -> dict[str, Progress]:
    """The recorded progress per action code; actions without a record are open."""
    rows = session.scalars(select(ActionProgress))
    return {row.action_code: _progress(row) for row in rows}


def progress_of(session: Session, code: str) -> Progress:
    _tracked_action(code)
    row = session.scalar(select(ActionProgress).where(ActionProgress.action_code == code))
    if row is None:
        return Progress(code, ProgressStatus.OPEN, "", None)
    return _progress(row)


def _progress(row: ActionProgress) -> Progress:
    return Progress(row.action_code, row.status, row.note, row.updated_at, row.version)


@dataclass(frozen=True, slots=True)
class SetProgress(Command[Progress]):
    """Record the status and note of a priority-6 action, as of ``at``."""

    code: str
    status: ProgressStatus
    note: str
    at: datetime

    label: ClassVar[str] = "Voortgang van een programma-actie bijwerken"

    def apply(self, session: Session) -> Progress:
        _tracked_action(self.code)
        if not isinstance(self.status, ProgressStatus):
            raise DomainError(f"Onbekende status {self.status!r}; kies open, bezig, gereed of vervallen.")
        row = session.scalar(select(ActionProgress).where(ActionProgress.action_code == self.code))
        if row is None:
            row = ActionProgress(action_code=self.code)
            session.add(row)
        row.status = self.status
        row.note = self.note.strip()
        row.updated_at = self.at
        session.flush()
        return _progress(row)
