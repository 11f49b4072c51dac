"""An offline copy for the field, as the app sees it: the mark that says a file is one, and what that means.

The mark is a setting in the copy (``app_setting`` ``offline_copy``, JSON): when the copy was made, from which
server database (its address without a password, and its database id, so that a copy is only ever synchronised
with the database it came from), and for whom: the server role with its kind and municipality, so that the copy
refuses at once what that role may not do on the server (crisisapp/storage/roles.py). A setting, not a column or
a table of its own: it is configuration of the database, a backup of the copy carries it, and a file without it is
an ordinary database. Light on purpose: the main window reads it at start-up; the journal and the synchronisation
are in ``offline_sync``.
"""

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session

from crisisapp.errors import DomainError
from crisisapp.models.settings import Setting
from crisisapp.storage.roles import Access, Owned, others_record
from crisisapp.timeutil import format_datetime

OFFLINE_KEY = "offline_copy"
#: A copy older than this warns when it is opened: a piket shift lasts a week, so after seven days the copy's
#: answer to "who is on duty now" is from an earlier shift, and the contact list may have changed with it.
STALE_AFTER = timedelta(days=7)
#: What may be added in an offline copy, as the banner and the refusals say it.
FIELD_WORDS = (
    "controles van checklists (en het wissen ervan), het alarm en de reacties en opkomst bij oefeningen, een nieuw "
    "incident, GRIP-wijzigingen, logregels en oproepen van incidenten en meldingen van de jaarwisseling"
)


class NotInOfflineCopyError(DomainError):
    """An edit an offline copy does not take: only field records may be added there."""


@dataclass(frozen=True, slots=True)
class OfflineMark:
    """What makes a database file an offline copy."""

    made_at: datetime
    server: str
    server_id: str | None
    #: Whom the copy records as: the server role it was made for, its kind and municipality as the server said
    #: then; None in a copy made before the mark kept them (what the role may not do is then refused at sync).
    access: Access | None = None

    def address(self) -> URL | None:
        """The address of the server database the copy was made from; None when it cannot be read as one."""
        try:
            return make_url(self.server)
        except ArgumentError:
            return None

    def role(self) -> str | None:
        """The server role the copy was made for: who records in it, named as on the server."""
        if self.access is not None:
            return self.access.role
        address = self.address()
        return address.username if address is not None else None

    def recorder(self) -> str:
        """In Dutch, whom the copy records as: "jan (medewerker, Vlaardingen)", or the bare role of an older copy."""
        return self.access.describe() if self.access is not None else self.role() or "onbekend"

    def as_setting(self) -> str:
        access = self.access
        return json.dumps(
            {
                "made_at": self.made_at.isoformat(),
                "server": self.server,
                "server_id": self.server_id,
                "access": None
                if access is None
                else {"role": access.role, "kind": access.kind, "municipality": access.municipality},
            }
        )

    def age(self, now: datetime) -> timedelta:
        return now - self.made_at

    def is_stale(self, now: datetime) -> bool:
        return self.age(now) > STALE_AFTER

    def banner(self, now: datetime) -> str:
        """The line the main window shows above every page of a copy."""
        text = (
            f"Offline kopie van {format_datetime(self.made_at)} — alleen {FIELD_WORDS} kunnen worden toegevoegd "
            "(terug op het netwerk: Bestand → Offline kopie synchroniseren)."
        )
        if self.is_stale(now):
            text += f" Let op: de kopie is {self.age(now).days} dagen oud."
        return text

    def age_warning(self, now: datetime) -> str | None:
        """In Dutch, why a copy older than :data:`STALE_AFTER` should be renewed; None for a recent one."""
        if not self.is_stale(now):
            return None
        return (
            f"Deze offline kopie is {self.age(now).days} dagen oud (gemaakt {format_datetime(self.made_at)} van "
            f"{self.server}). Het piketrooster, de bereikbaarheid en de checklists kunnen intussen gewijzigd zijn. "
            "Synchroniseer wat u hebt vastgelegd en maak een nieuwe kopie zodra er verbinding is."
        )

    def refusal(self, what: str) -> NotInOfflineCopyError:
        return NotInOfflineCopyError(
            f"‘{what}’ kan niet in een offline kopie (van {format_datetime(self.made_at)}). Hier kunnen alleen "
            f"{FIELD_WORDS} worden toegevoegd; al het andere gebeurt in de serverdatabase {self.server}."
        )

    def read_only_reason(self) -> str | None:
        """Why nothing can be recorded in the copy, in Dutch (its role may change nothing on the server); None when
        something can, or when the copy does not know its role's kind."""
        if self.access is None or self.access.may_write:
            return None
        return (
            f"Deze offline kopie is gemaakt voor {self.access.describe()}. Die rol mag op de server niets wijzigen, "
            "dus hier kan ook niets worden vastgelegd: u kunt alles bekijken. Wie in het veld wil registreren, maakt "
            "een kopie met een rol die mag wijzigen."
        )

    def others_refusal(self, what: str, owned: Owned) -> NotInOfflineCopyError | None:
        """Why ``what`` may not change ``owned`` in the copy: the role it was made for may not change that record on
        the server; None when it may, or when the copy does not know its role (the server judges at sync)."""
        access = self.access
        if access is None or access.may_change(owned.municipality):
            return None
        return NotInOfflineCopyError(
            f"‘{what}’ kan niet in deze offline kopie: {others_record(owned, access)}. De server zou het "
            f"weigeren; laat het vastleggen door iemand van {owned.municipality}."
        )


def offline_mark(session: Session) -> OfflineMark | None:
    """The mark of the database, or None when it is not an offline copy."""
    row = session.get(Setting, OFFLINE_KEY)
    if row is None:
        return None
    data = json.loads(row.value)
    access = data.get("access")
    return OfflineMark(
        datetime.fromisoformat(data["made_at"]),
        str(data["server"]),
        data.get("server_id"),
        None if access is None else Access(str(access["role"]), access["kind"], access["municipality"]),
    )
