"""What every benchmark measures with: the median wall time of a few runs, and the fastest."""

import statistics
import time
from collections.abc import Callable


def _times(action: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return times


def median_ms(action: Callable[[], object], runs: int = 5) -> float:
    """The median time of ``runs`` calls of ``action``, in milliseconds."""
    return statistics.median(_times(action, runs)) * 1000


def fastest_ms(action: Callable[[], object], runs: int) -> float:
    """The fastest of ``runs``: on a machine shared with others the median says as much about them as about us."""
    return min(_times(action, runs)) * 1000
