"""The instance server belongs to one database and to one user."""

import os
import stat
import sys
from pathlib import Path

import pytest

from crisisapp.ui.single_instance import server_name


def test_each_database_has_its_own_instance(tmp_path):
    first, second = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    assert server_name(first) != server_name(second)
    assert server_name(first) == server_name(first)


@pytest.mark.skipif(sys.platform == "win32", reason="a local socket in a folder is POSIX")
def test_the_socket_lies_in_a_folder_only_this_user_can_enter(tmp_path):
    folder = Path(server_name(tmp_path / "a.sqlite3")).parent
    info = folder.stat()
    assert info.st_uid == os.getuid()
    assert stat.S_IMODE(info.st_mode) == 0o700


@pytest.mark.skipif(sys.platform == "win32", reason="a local socket in a folder is POSIX")
def test_a_folder_another_user_prepared_is_not_used(tmp_path, monkeypatch):
    squatted = tmp_path / "runtime"
    squatted.mkdir(mode=0o777)
    squatted.chmod(0o777)  # open to everyone: as if another user made it to take the name
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(squatted))
    assert Path(server_name(tmp_path / "a.sqlite3")).parent != squatted


def test_only_the_default_database_is_made_by_the_app_itself(monkeypatch):
    from crisisapp.paths import DATABASE_ENV, chosen_database

    monkeypatch.delenv(DATABASE_ENV, raising=False)
    assert not chosen_database(None)  # the first start on the default file: the app makes it
    assert chosen_database("elders.sqlite3")  # a named file that is missing is refused, never made
    monkeypatch.setenv(DATABASE_ENV, "ook-elders.sqlite3")
    assert chosen_database(None)
