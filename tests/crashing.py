"""Kill a writer at random moments and check that nothing it reported as committed is lost.

Used by tests/test_crash.py (in the suite) and benchmarks/crash.py (many more kills).
"""

import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

CHILD = """
import sys
from pathlib import Path
from crisisapp.context import AppContext
from crisisapp.models.programme import ProgressStatus
from crisisapp.services import programme
from crisisapp.storage.database import open_database

context = AppContext(open_database(Path(sys.argv[1])))
first = int(sys.argv[2])
codes = ["6.1.1", "6.1.2", "6.1.3", "6.1.4", "6.2.1", "6.2.2"]
print("ready", flush=True)
for number in range(first, first + 100000):
    status = ProgressStatus.BEZIG if number % 2 else ProgressStatus.GEREED
    context.execute(programme.SetProgress(codes[number % len(codes)], status, f"rij {number}", context.now()))
    print(number, flush=True)
"""


@dataclass
class CrashResult:
    kills: int
    commits_reported: int


def reported_notes(path: Path) -> set[str]:
    connection = sqlite3.connect(path)
    try:
        return {row[0] for row in connection.execute("SELECT new_value FROM audit_entry WHERE field = 'note'")}
    finally:
        connection.close()


def verify(path: Path, reported: list[int]) -> None:
    """integrity_check ok, foreign_key_check empty, and every reported commit's change present."""
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()
    notes = reported_notes(path)
    missing = [number for number in reported if f"rij {number}" not in notes]
    assert missing == [], f"commits lost after a kill: {missing[:10]}"


def kill_repeatedly(
    path: Path,
    kills: int,
    seed: int,
    max_delay: float = 0.06,
    most_commits_first: int = 3,
    child_script: str = CHILD,
    check: Callable[[Path, list[int]], None] = verify,
) -> CrashResult:
    """Start a writer ``kills`` times and SIGKILL it at a random moment; verify after every kill.

    The writer (``child_script``, run as ``python -c SCRIPT DB FIRST``) prints "ready", then the number of every
    change it has committed, counting from FIRST; ``check`` verifies the file against the numbers reported.

    Each writer is first let commit (and report) 1 to ``most_commits_first`` changes, read line by line, and
    only then killed after a random delay: on a busy machine the delay alone could end every writer before
    its first commit, so that nothing would be tested.
    """
    rng = random.Random(seed)
    reported: list[int] = []
    first = 1
    for _ in range(kills):
        child = subprocess.Popen(
            [sys.executable, "-c", child_script, str(path), str(first)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        numbers: list[int] = []
        try:
            if child.stdout.readline().strip() == "ready":
                for _commit in range(rng.randint(1, most_commits_first)):
                    line = child.stdout.readline()
                    if not line:  # it ended on its own; its stderr says why
                        break
                    numbers.append(int(line))
                else:
                    time.sleep(rng.uniform(0, max_delay))
        finally:
            child.send_signal(signal.SIGKILL)  # a writer that already ended is not signalled
            # Read on through the same buffered file, not communicate(): with two pipes that reads the raw
            # descriptors and would lose the lines readline() has already buffered.
            out = child.stdout.read()
            errors = child.stderr.read() if child.stderr else ""
            child.wait()
            child.stdout.close()
            if child.stderr:
                child.stderr.close()
        assert child.returncode == -signal.SIGKILL, f"the writer stopped before it was killed:\n{errors}"
        numbers += [int(line) for line in out.split()]
        reported += numbers
        first = numbers[-1] + 1
        check(path, reported)
    return CrashResult(kills, len(reported))
