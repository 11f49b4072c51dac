"""Fault-injection points in the steps of a backup, restore, upgrade and offline sync, for the kill tests.

Production code calls :func:`point` between steps; it does nothing unless a test installed a hook (in a child
process) that kills or raises there. The tests prove that a kill at any point leaves the old or the new state.
"""

import os
import signal
from collections.abc import Callable

#: Called with the operation's name and the step number; None in normal use.
hook: Callable[[str, int], None] | None = None


def point(operation: str, step: int) -> None:
    """Step ``step`` of ``operation`` is complete."""
    if hook is not None:
        hook(operation, step)


def kill_at(operation: str, step: int) -> None:
    """Install a hook that kills this process (SIGKILL, no clean-up at all) at that step."""
    global hook

    def _kill(name: str, number: int) -> None:
        if (name, number) == (operation, step):
            os.kill(os.getpid(), signal.SIGKILL)

    hook = _kill
