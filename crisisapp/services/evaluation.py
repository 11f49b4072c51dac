"""Findings of an evaluation, some of them action points: the same for an OTO activity and for an incident.

Each area says what its findings are of (:class:`Evaluated`) and gives its commands their own labels in the
Logboek; the record, the rules of a finding and the reading of them live here once.
"""

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from crisisapp.errors import ValidationError
from crisisapp.models.incident import Incident, IncidentFinding
from crisisapp.models.oto import ActionStatus, Activity, Finding
from crisisapp.services.commands import Command, existing

#: The statuses of an action point still to be done.
OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.BUSY)


@dataclass(frozen=True, slots=True)
class FindingRecord:
    """A finding of what was evaluated (its ``subject``: an activity or an incident); one with a status is an
    action point."""

    id: int
    subject_id: int
    subject_title: str
    description: str
    owner: str
    due: date | None
    status: ActionStatus | None
    version: int

    @property
    def is_action(self) -> bool:
        return self.status is not None

    def overdue(self, today: date) -> bool:
        return self.status in OPEN_STATUSES and self.due is not None and self.due < today


@dataclass(frozen=True, slots=True)
class Evaluated:
    """What findings are of: their table and its column pointing at the subject, and the subject's table and name."""

    finding: type[Finding] | type[IncidentFinding]
    key: InstrumentedAttribute[int]
    subject: type[Activity] | type[Incident]
    what: str


ACTIVITIES = Evaluated(Finding, Finding.activity_id, Activity, "Activiteit")
INCIDENTS = Evaluated(IncidentFinding, IncidentFinding.incident_id, Incident, "Incident")


def findings(
    session: Session,
    of: Evaluated,
    subject_id: int | None = None,
    *,
    open_actions_only: bool = False,
    whose: str | None = None,
) -> tuple[FindingRecord, ...]:
    """The findings of one subject, or of all (of ``whose`` subjects only, given a municipality); only the action
    points still open, if asked. By due date."""
    finding = of.finding
    statement = (
        select(
            finding.id,
            of.key,
            of.subject.title,
            finding.description,
            finding.owner,
            finding.due,
            finding.status,
            finding.version,
        )
        .join(of.subject, of.subject.id == of.key)
        .order_by(finding.due, finding.id)
    )
    if subject_id is not None:
        statement = statement.where(of.key == subject_id)
    if open_actions_only:
        statement = statement.where(finding.status.in_(OPEN_STATUSES))
    if whose is not None:
        statement = statement.where(of.subject.municipality == whose)
    return tuple(FindingRecord(*row) for row in session.execute(statement))


@dataclass(frozen=True, slots=True)
class AddFinding(Command[FindingRecord]):
    """A finding of an evaluation; as an ``action`` point it is open, with an owner and a due date. An area's
    command names what it is of (``of``) and its label."""

    subject_id: int
    description: str
    owner: str = ""
    due: date | None = None
    action: bool = False

    of: ClassVar[Evaluated]

    def apply(self, session: Session) -> FindingRecord:
        if not self.description.strip():
            raise ValidationError({"description": "Beschrijf de bevinding."})
        subject = existing(session, self.of.subject, self.subject_id, self.of.what)
        row = self.of.finding(
            description=self.description.strip(),
            owner=self.owner.strip(),
            due=self.due,
            status=ActionStatus.OPEN if self.action else None,
        )
        setattr(row, self.of.key.key, subject.id)
        session.add(row)
        session.flush()
        return FindingRecord(
            row.id, subject.id, subject.title, row.description, row.owner, row.due, row.status, row.version
        )


@dataclass(frozen=True, slots=True)
class SetFindingStatus(Command[None]):
    """The status of an action point (None makes it a plain finding)."""

    finding_id: int
    status: ActionStatus | None

    of: ClassVar[Evaluated]

    def apply(self, session: Session) -> None:
        existing(session, self.of.finding, self.finding_id, "Bevinding").status = self.status
