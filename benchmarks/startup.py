"""Start-up of CrisisApp against its floor, offscreen.

(a) the app: from process start until the main window is shown with its first page's content, on a
    database filled by ``crisisapp demo``;
(b) the floor: a script that imports PySide6's widgets and SQLAlchemy's ORM, runs one query on the same
    file and shows a bare QMainWindow.

The two alternate, RUNS times each. Prints both medians and ``ratio: a/b`` (goal: at most 1.2), and the
peak memory of each with their ratio (goal: at most 1.2).
Run: ``.venv/bin/python benchmarks/startup.py [RUNS]``.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, DeclarativeBase

engine = create_engine("sqlite:///" + sys.argv[1])
with Session(engine) as session:
    session.execute(text("SELECT count(*) FROM programme_action_progress")).scalar()
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.show()
def peak():
    return next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
QTimer.singleShot(0, lambda: (print(f"shown {time.time():.6f} {peak()}", flush=True), app.quit()))
app.exec()
"""


def measure(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from starting ``command`` until it says it has shown its window, and its peak memory in MB."""
    start = time.time()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    output = process.stdout.read() if process.stdout else ""
    if process.wait() != 0:
        raise subprocess.CalledProcessError(process.returncode, command, output)
    _shown, moment, peak_kb = next(line for line in output.splitlines() if line.startswith("shown ")).split()
    # Its own peak (VmHWM), not wait4's ru_maxrss: on Linux that counts the memory the child had as a fork of this
    # process before it ran Python, so in benchmarks/run.py, with the ten-year data set built, both the app and the
    # floor "peaked" at this process's size (ratio 1.00).
    return float(moment) - start, int(peak_kb) / 1024


def median(values: list[float]) -> float:
    return statistics.median(values)


def compare(database: Path, runs: int) -> tuple[list[float], list[float], list[float], list[float]]:
    """The app and its floor on ``database``, alternating ``runs`` times each: (app seconds, floor seconds, app MB,
    floor MB)."""
    folder = Path(tempfile.mkdtemp(prefix="crisisapp-bench-"))
    # As a user's machine runs it: from compiled bytecode (pip compiles it on installing), which the warm-up run
    # below writes for the editable checkout. With PYTHONDONTWRITEBYTECODE set (as in some shells) every run of the
    # app would compile all of its own modules again, while the floor's libraries come compiled from pip.
    inherited = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    env = {
        **inherited,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(folder / "config"),
        "XDG_DATA_HOME": str(folder / "data"),
        "CRISISAPP_STARTUP_PROBE": "1",
        "TMPDIR": str(folder),  # its own single-instance socket: an app open elsewhere does not answer for it
    }
    app_command = [sys.executable, "-m", "crisisapp", "--db", str(database)]
    floor_command = [sys.executable, "-c", FLOOR, str(database)]
    measure(app_command, env)  # warm the file system cache for both, and write the app's bytecode
    measure(floor_command, env)
    app_times, floor_times, app_memory, floor_memory = [], [], [], []
    for _ in range(runs):
        seconds, megabytes = measure(app_command, env)
        app_times.append(seconds)
        app_memory.append(megabytes)
        seconds, megabytes = measure(floor_command, env)
        floor_times.append(seconds)
        floor_memory.append(megabytes)
    return app_times, floor_times, app_memory, floor_memory


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    folder = Path(tempfile.mkdtemp(prefix="crisisapp-bench-"))
    database = folder / "demo.sqlite3"
    env = {**os.environ, "XDG_DATA_HOME": str(folder / "data"), "XDG_CONFIG_HOME": str(folder / "config")}
    subprocess.run([sys.executable, "-m", "crisisapp", "demo", "--db", str(database)], env=env, check=True)
    app_times, floor_times, app_memory, floor_memory = compare(database, runs)
    print(f"runs: {runs} each, alternating")
    for name, times in (("app:  ", app_times), ("floor:", floor_times)):
        middle, low, high = (round(value * 1000) for value in (median(times), min(times), max(times)))
        print(f"{name} median {middle} ms  (min {low}, max {high})")
    print(f"ratio: {median(app_times) / median(floor_times):.2f}")
    print(f"peak memory: app {median(app_memory):.0f} MB, floor {median(floor_memory):.0f} MB")
    print(f"memory ratio: {median(app_memory) / median(floor_memory):.2f}")


if __name__ == "__main__":
    main()
