"""How to draw a valid programme or settings command from the demo database (see tests/test_commands.py)."""

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from crisisapp.context import AppContext
from crisisapp.models.programme import ProgressStatus
from crisisapp.services import programme, settings
from crisisapp.services.commands import Command
from crisisapp.storage.database import Database

CODES = tuple(a.code for a in programme.load_programme().actions() if a.priority_number == programme.TRACKED_PRIORITY)
notes = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)
moments = st.datetimes(datetime(2020, 1, 1), datetime(2030, 12, 31), timezones=st.just(UTC))


def _progress(context: AppContext, data: st.DataObject) -> Command[Any]:
    return programme.SetProgress(
        data.draw(st.sampled_from(CODES)),
        data.draw(st.sampled_from(ProgressStatus)),
        data.draw(notes),
        data.draw(moments),
    )


def _folder(context: AppContext, data: st.DataObject) -> Command[Any]:
    name = data.draw(st.from_regex(r"[a-z]{1,8}", fullmatch=True))
    # Beside a database file; for a server database in the tests' own data folder (tests/conftest.py).
    beside = context.file().parent if isinstance(context.database, Database) else Path(os.environ["XDG_DATA_HOME"])
    return settings.SetBackupFolder(beside / "back-ups elders" / name)


BUILDERS: dict[type[Command[Any]], Any] = {programme.SetProgress: _progress, settings.SetBackupFolder: _folder}
