"""The project's promises to a newcomer: CI runs the README's test command, and the package ships its data."""

import re
import tomllib
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)```", (ROOT / "README.md").read_text("utf-8"), re.S)
    return [line for block in blocks for line in block.splitlines() if line.startswith("python3 -m venv")]


def test_ci_runs_exactly_the_readme_test_command():
    commands = readme_commands()
    assert len(commands) == 2
    start, test = commands
    assert start.endswith(".venv/bin/crisisapp")
    assert "pytest" in test
    ci_lines = (ROOT / ".ci" / "run").read_text("utf-8").splitlines()
    assert ci_lines[-1] == test


def test_every_data_file_of_the_package_is_declared_as_package_data():
    """A file the app reads at run time but pyproject.toml does not ship would be missing from a wheel."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    folders = {package: ROOT / package.replace(".", "/") for package in setuptools["packages"]}
    folders.update({package: ROOT / folder for package, folder in setuptools["package-dir"].items()})
    undeclared = []
    for package, folder in folders.items():
        patterns = setuptools["package-data"].get(package, [])
        for file in folder.rglob("*"):
            if not file.is_file() or file.suffix in {".py", ".pyc"}:
                continue
            owner = file.parent  # a file inside a sub-package belongs to that package
            while owner != folder and not (owner / "__init__.py").exists():
                owner = owner.parent
            relative = file.relative_to(folder).as_posix()
            if owner == folder and not any(fnmatch(relative, pattern) for pattern in patterns):
                undeclared.append(f"{package}: {relative}")
    assert undeclared == []
