"""Where the app keeps its files: the default database and the log in Qt's per-user application data folder."""

import os
from pathlib import Path

ORGANIZATION = "Gemeente Maassluis"
ORGANIZATION_DOMAIN = "maassluis.nl"
APPLICATION = "CrisisApp"
DATABASE_FILENAME = "crisisapp.sqlite3"
DATABASE_ENV = "CRISISAPP_DB"


def set_application_names() -> None:
    """Name the app for QStandardPaths and QSettings (QtCore only: needs no display)."""
    from PySide6.QtCore import QCoreApplication

    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setOrganizationDomain(ORGANIZATION_DOMAIN)
    QCoreApplication.setApplicationName(APPLICATION)


def data_folder() -> Path:
    """The user's data folder of the app (it may not exist yet): the default database and the log live here."""
    from PySide6.QtCore import QStandardPaths

    set_application_names()
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def server_backup_folder() -> Path:
    """Where backups of server databases go unless another place is given: ``back-ups`` in the data folder."""
    return data_folder() / "server-back-ups"


def default_database_path() -> Path:
    return data_folder() / DATABASE_FILENAME


def chosen_database(option: str | None) -> bool:
    """Whether a file was named (``--db`` or $CRISISAPP_DB) rather than the default one in the data folder."""
    return bool(option or os.environ.get(DATABASE_ENV))


def server_location(option: str | None) -> str | None:
    """The server database named by ``--db`` or $CRISISAPP_DB (``postgresql://…``), or None for a file."""
    from crisisapp.storage.server import is_server_url

    chosen = option or os.environ.get(DATABASE_ENV)
    return chosen if is_server_url(chosen) else None


def database_path(option: str | None) -> Path:
    """The file to open: ``--db``, else $CRISISAPP_DB, else the default in the user's data folder."""
    chosen = option or os.environ.get(DATABASE_ENV)
    return Path(chosen).expanduser() if chosen else default_database_path()
