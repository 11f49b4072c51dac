"""The schema migrations, applied by :func:`crisisapp.storage.database.upgrade`; they only go forward.

No part of CrisisApp downgrades a file: an older version refuses a newer file, and the way back is the
copy made beside the file before every upgrade (``….voor-upgrade-<schemaversie>-<tijd>.bak``). Most
downgrades would drop a whole area's tables with its data, and a downgrade nobody runs is a downgrade
nobody tests, so each revision's ``downgrade()`` refuses with :class:`IrreversibleMigrationError` instead.
"""

from typing import NoReturn


class IrreversibleMigrationError(RuntimeError):
    """A downgrade was asked for; schema revisions of CrisisApp are not reversed."""


def refuse_downgrade(revision: str) -> NoReturn:
    raise IrreversibleMigrationError(
        f"Schemaversie {revision} wordt niet teruggedraaid: CrisisApp-migraties gaan alleen vooruit. "
        "Zet de back-up terug die CrisisApp vóór de upgrade naast het databasebestand maakte "
        "(…voor-upgrade-…bak), of begin bij een ontwikkeldatabase opnieuw met een leeg bestand."
    )
