"""Configuration kept in the database, so that a backup carries it."""

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from sqlalchemy.orm import Session

from crisisapp.errors import DomainError, os_reason
from crisisapp.models.settings import Setting
from crisisapp.services.commands import Command
from crisisapp.storage.backup import SETTING_BACKUP_FOLDER as BACKUP_FOLDER


def get_setting(session: Session, key: str) -> str | None:
    row = session.get(Setting, key)
    return row.value if row else None


@dataclass(frozen=True, slots=True)
class SetBackupFolder(Command[Path]):
    """Choose another folder (another drive, a network folder) for the backups."""

    folder: Path

    label: ClassVar[str] = "Back-upmap instellen"

    def apply(self, session: Session) -> Path:
        folder = self.folder.expanduser()
        if not folder.is_absolute():
            raise DomainError(f"Kies een volledige map voor de back-ups, niet ‘{folder}’.")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DomainError(f"De map {folder} kan niet worden gebruikt voor back-ups: {os_reason(exc)}.") from exc
        row = session.get(Setting, BACKUP_FOLDER)
        if row is None:
            session.add(Setting(key=BACKUP_FOLDER, value=str(folder)))
        else:
            row.value = str(folder)
        return folder
