"""The shared check for every import: any input ends in success or a clean refusal, never an exception
escaping and never a partial write.

Each area's import test calls :func:`import_inputs` for its strategy and :func:`check_all_or_nothing` for
its property; restoring a backup and opening a database file, the app's file imports so far, use it too.
"""

from collections.abc import Callable

from hypothesis import strategies as st

from crisisapp.errors import CrisisAppError


def import_inputs(valid: list[bytes]) -> st.SearchStrategy[bytes]:
    """Bytes a user might feed an import: garbage, text in the encodings Excel writes, and valid files
    that are truncated, have bytes flipped, or have something glued on."""

    def damaged(sample: bytes) -> st.SearchStrategy[bytes]:
        size = max(len(sample), 1)
        return st.one_of(
            st.integers(0, size).map(lambda cut: sample[:cut]),
            st.tuples(st.integers(0, size - 1), st.integers(1, 255)).map(
                lambda flip: (
                    sample[: flip[0]] + bytes([sample[flip[0]] ^ flip[1]]) + sample[flip[0] + 1 :] if sample else b""
                )
            ),
            st.binary(max_size=64).map(lambda tail: sample + tail),
        )

    text = st.text(max_size=200)
    return st.one_of(
        st.binary(max_size=2048),
        text.map(lambda t: t.encode("utf-8")),
        text.map(lambda t: t.encode("cp1252", errors="replace")),
        *(damaged(sample) for sample in valid),
    )


def check_all_or_nothing(run_import: Callable[[bytes], object], state: Callable[[], object], data: bytes) -> bool:
    """Import ``data``; a refusal must be a CrisisAppError (Dutch message) and leave ``state()`` unchanged.

    Returns whether the import was accepted.
    """
    before = state()
    try:
        run_import(data)
    except CrisisAppError as refusal:
        assert str(refusal), "a refusal must say what is wrong"
        assert state() == before, "a refused import changed the data"
        return False
    return True
