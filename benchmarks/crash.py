"""Crash safety: kill a writer 500 times (SIGKILL at random moments) and verify after every kill.

Each writer is killed only after it reported its first commits (``tests/crashing.py``), so a busy machine
makes the run slower, never emptier.

Run: ``.venv/bin/python benchmarks/crash.py [KILLS]``. Prints the kills survived and commits checked.
"""

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crisisapp.storage.database import open_database
from tests.crashing import kill_repeatedly


def main() -> None:
    kills = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    path = Path(tempfile.mkdtemp(prefix="crisisapp-crash-")) / "crash.sqlite3"
    open_database(path).close()
    started = time.monotonic()
    result = kill_repeatedly(path, kills, seed=20261126)
    print(f"kills survived: {result.kills}")
    print(f"commits reported and found after the kills: {result.commits_reported}")
    print(f"time: {time.monotonic() - started:.0f} s; integrity_check ok and foreign_key_check empty after every kill")


if __name__ == "__main__":
    main()
