"""Outputs of the command line never replace the database, its companion files or its backups."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crisisapp.app import NOW_ENV
from tests.clock import NOW


def crisisapp(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env[NOW_ENV] = NOW.isoformat()
    return subprocess.run([sys.executable, "-m", "crisisapp", *args], capture_output=True, text=True, env=env)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("uitvoer") / "live.sqlite3"
    result = crisisapp("demo", "--db", str(path))
    assert result.returncode == 0, result.stderr
    return path


COMMANDS = [
    ("piket", "export", "--format", "csv"),
    ("piket", "export", "--format", "ics"),
    ("print", "contacts"),
    ("print", "programme"),
    ("oto", "export", "--year", "2027"),
    ("backup",),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c[:2]))
@pytest.mark.parametrize("target", ["database", "wal", "lock", "hard-link", "symlink", "backup-folder"])
def test_out_never_replaces_the_database_or_its_backups(live, command, target):
    folder = live.parent
    (folder / "back-ups").mkdir(exist_ok=True)
    out = {
        "database": live,
        "wal": folder / "live.sqlite3-wal",
        "lock": folder / "live.sqlite3.lock",
        "hard-link": folder / "harde-link.sqlite3",
        "symlink": folder / "snelkoppeling.pdf",
        "backup-folder": folder / "back-ups" / "uitvoer.pdf",
    }[target]
    if target == "hard-link" and not out.exists():
        os.link(live, out)
    if target == "symlink" and not out.is_symlink():
        out.symlink_to(live)
    before = digest(live)
    listing = sorted(p.name for p in folder.rglob("*"))
    result = crisisapp(*command, "--out", str(out), "--db", str(live))
    assert result.returncode == 1
    assert "er is niets geschreven" in result.stderr
    assert "Traceback" not in result.stderr
    assert digest(live) == before
    assert sorted(p.name for p in folder.rglob("*")) == listing


def test_an_output_under_a_file_or_in_a_link_loop_is_said_in_dutch(live, tmp_path):
    under_a_file = crisisapp(
        "print", "programme", "--out", str(live.parent / "live.sqlite3" / "x.pdf"), "--db", str(live)
    )
    assert under_a_file.returncode == 1 and "Traceback" not in under_a_file.stderr
    assert "het bestand bestaat al" not in under_a_file.stderr
    loop = tmp_path / "lus.pdf"
    loop.symlink_to(loop)
    looped = crisisapp("print", "programme", "--out", str(loop), "--db", str(live))
    assert looped.returncode == 1 and "lus" in looped.stderr and "Traceback" not in looped.stderr
    too_long = crisisapp("print", "programme", "--out", str(tmp_path / ("x" * 300 + ".pdf")), "--db", str(live))
    assert too_long.returncode == 1 and "te lang" in too_long.stderr and "Traceback" not in too_long.stderr
