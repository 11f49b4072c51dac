import sys

import pytest

from crisisapp.storage.database import open_database
from tests.crashing import kill_repeatedly

KILLS = 50


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_nothing_committed_is_lost_when_the_process_is_killed(db_path):
    open_database(db_path).close()
    result = kill_repeatedly(db_path, KILLS, seed=2026)
    assert result.kills == KILLS
    # Every writer is let commit at least once before its kill, so this holds however busy the machine is.
    assert result.commits_reported > KILLS
