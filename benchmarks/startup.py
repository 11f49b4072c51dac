"""Start-up of CrisisApp against its floor, offscreen.

(a) the app: from process start until the main window is shown with its first page's content, on a
    database filled by ``crisisapp demo``;
(b) the floor: a script that imports PySide6's widgets and SQLAlchemy's ORM, runs one query on the same
    file and shows a bare QMainWindow.

The two alternate, RUNS times each. Prints both medians and ``ratio: a/b`` (goal: at most 1.3).
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
QTimer.singleShot(0, lambda: (print(f"shown {time.time():.6f}", flush=True), app.quit()))
app.exec()
"""


def measure(command: list[str], env: dict[str, str]) -> float:
    start = time.time()
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    shown = next(line for line in result.stdout.splitlines() if line.startswith("shown "))
    return float(shown.split()[1]) - start


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    folder = Path(tempfile.mkdtemp(prefix="crisisapp-bench-"))
    database = folder / "demo.sqlite3"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(folder / "config"),
        "XDG_DATA_HOME": str(folder / "data"),
        "CRISISAPP_STARTUP_PROBE": "1",
    }
    subprocess.run([sys.executable, "-m", "crisisapp", "demo", "--db", str(database)], env=env, check=True)
    app_command = [sys.executable, "-m", "crisisapp", "--db", str(database)]
    floor_command = [sys.executable, "-c", FLOOR, str(database)]
    measure(app_command, env)  # warm the file system cache for both
    measure(floor_command, env)
    app_times, floor_times = [], []
    for _ in range(runs):
        app_times.append(measure(app_command, env))
        floor_times.append(measure(floor_command, env))
    print(f"runs: {runs} each, alternating")
    for name, times in (("app:  ", app_times), ("floor:", floor_times)):
        median, low, high = (round(value * 1000) for value in (statistics.median(times), min(times), max(times)))
        print(f"{name} median {median} ms  (min {low}, max {high})")
    print(f"ratio: {statistics.median(app_times) / statistics.median(floor_times):.2f}")


if __name__ == "__main__":
    main()
