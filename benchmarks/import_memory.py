"""Peak memory and time of importing the largest people list an import takes (files.MAX_IMPORT_ROWS rows).

Run: ``.venv/bin/python benchmarks/import_memory.py [ROWS] [--rss-only]``. Prints the file size, the time and
the peak of the Python heap (tracemalloc, which slows the run and adds to the process) and of the process
(ru_maxrss) for reading, planning and importing; ``--rss-only`` measures the process alone, at full speed.
"""

import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from crisisapp.context import AppContext
from crisisapp.files import MAX_IMPORT_ROWS, read_import_file
from crisisapp.services import organisation as org
from crisisapp.storage.database import open_database


def people_csv(rows: int) -> bytes:
    lines = ["naam;gemeente;afdeling;mobiel;telefoon;e-mail;opmerkingen"]
    lines += [
        f"Persoon {n};Maassluis;Afdeling {n % 40};06{n:08d};010{n % 10000000:07d};p{n}@maassluis.nl;regel {n}"
        for n in range(rows)
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def main(rows: int = MAX_IMPORT_ROWS, *, trace: bool = True) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "personen.csv"
        source.write_bytes(people_csv(rows))
        context = AppContext(open_database(Path(folder) / "import.sqlite3"))
        if trace:
            tracemalloc.start()
        started = time.perf_counter()
        data = read_import_file(source)
        adds = len(context.call(org.plan_people_import, data).adds)  # the preview, as the app shows it first
        context.execute(org.ImportPeople(data))
        elapsed = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory() if trace else (0, 0)
        tracemalloc.stop()
        context.close()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        heap = f"piek Python-heap {peak / 1e6:.0f} MB, " if trace else ""
        print(
            f"{rows} rijen ({source.stat().st_size / 1e6:.1f} MB, {adds} nieuwe personen): {elapsed:.1f} s, "
            f"{heap}piek proces (ru_maxrss) {rss:.0f} MB"
        )


if __name__ == "__main__":
    numbers = [argument for argument in sys.argv[1:] if argument.isdigit()]
    main(int(numbers[0]) if numbers else MAX_IMPORT_ROWS, trace="--rss-only" not in sys.argv)
