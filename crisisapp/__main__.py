"""The ``crisisapp`` command and ``python -m crisisapp``.

The garbage collector's cycle passes wait until the window shows (or a command line command begins): what start-up
makes — modules, classes, the window — lives as long as the app, and a pass over it during the imports would only
slow the start down. :func:`crisisapp.ui.application.settle` then sets it aside and lets the collector work again.
"""

import gc
import sys


def main() -> int:
    gc.disable()
    from crisisapp.app import main as run

    return run()


if __name__ == "__main__":
    sys.exit(main())
