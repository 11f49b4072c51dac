"""The project's promises to a newcomer: CI runs the README's test command, and the package ships its data."""

import re
import shutil
import subprocess
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)```", (ROOT / "README.md").read_text("utf-8"), re.S)
    return [line for block in blocks for line in block.splitlines() if line.startswith("python3 -m venv")]


CHECKS = (".venv/bin/ruff check .", ".venv/bin/ruff format --check .", ".venv/bin/mypy")


def test_ci_runs_exactly_the_readme_test_command():
    commands = readme_commands()
    assert len(commands) == 2
    start, test = commands
    assert start.endswith(".venv/bin/crisisapp")
    assert "pytest" in test
    ci_lines = (ROOT / ".ci" / "run").read_text("utf-8").splitlines()
    assert ci_lines[-1] == test
    # Lint and types run in the venv the README's command makes, before its tests.
    made = ci_lines.index(test.removesuffix(" && .venv/bin/python -m pytest"))
    assert made < min(ci_lines.index(check) for check in CHECKS)
    assert "Lint and types: `" + " && ".join(CHECKS) + "`." in (ROOT / "README.md").read_text("utf-8")


FAKE_PYTHON3 = """#!/bin/sh
# python3 -m venv DIR: fails as Debian's does until python3-venv is "installed"; else a venv of logging stubs.
echo "python3 $*" >> "$CI_LOG"
dir="$3"
if [ -n "$NO_ENSUREPIP" ] && ! grep -q "apt-get install.*python3-venv" "$CI_LOG"; then
    mkdir -p "$dir"
    echo "The virtual environment was not successfully created because ensurepip is not available." >&2
    exit 1
fi
mkdir -p "$dir/bin"
for tool in pip ruff mypy python; do
    printf '#!/bin/sh\\necho "%s $* (CI=$CI)" >> "$CI_LOG"\\n' "$dir/bin/$tool" > "$dir/bin/$tool"
    chmod +x "$dir/bin/$tool"
done
"""
FAKES = {
    "python3": FAKE_PYTHON3,
    "apt-get": '#!/bin/sh\necho "apt-get $*" >> "$CI_LOG"\n',
    "sudo": '#!/bin/sh\necho "sudo" >> "$CI_LOG"\nexec "$@"\n',
    "id": "#!/bin/sh\necho $FAKE_UID\n",
    # Every package installed but libcups2.
    "dpkg-query": '#!/bin/sh\nfor a; do p=$a; done\n[ "$p" = libcups2 ] || printf "install ok installed"\n',
}


def run_ci_with_fakes(tmp_path: Path, **env: str) -> list[str]:
    """``.ci/run`` in a copy of the project, with apt, sudo, python3 and the venv's tools as stubs that log."""
    project, fakes = tmp_path / "project", tmp_path / "bin"
    (project / ".ci").mkdir(parents=True)
    shutil.copy2(ROOT / ".ci" / "run", project / ".ci" / "run")
    fakes.mkdir()
    for name, script in FAKES.items():
        (fakes / name).write_text(script)
        (fakes / name).chmod(0o755)
    log = tmp_path / "ci.log"
    log.touch()
    environment = {"PATH": f"{fakes}:/usr/bin:/bin", "CI_LOG": str(log), "FAKE_UID": "0", **env}
    result = subprocess.run([str(project / ".ci" / "run")], env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return [line.replace(str(project) + "/", "") for line in log.read_text().splitlines()]


@pytest.mark.skipif(shutil.which("bash") is None, reason="CI runs on Debian or Ubuntu")
def test_ci_on_a_fresh_machine_installs_what_is_missing_then_checks_then_tests(tmp_path):
    steps = run_ci_with_fakes(tmp_path, NO_ENSUREPIP="1", FAKE_UID="1000")
    installs = [step for step in steps if step.startswith("apt-get install")]
    assert len(installs) == 2 and installs[0].endswith(" libcups2") and installs[1].endswith(" python3-venv")
    assert steps.count("apt-get update -qq") == 1 and steps.count("sudo") == 3  # not root: through sudo
    tools = [step.split()[0] for step in steps if step.startswith(".venv/bin/")]
    assert tools == [
        ".venv/bin/pip",
        ".venv/bin/ruff",
        ".venv/bin/ruff",
        ".venv/bin/mypy",
        ".venv/bin/pip",
        ".venv/bin/python",
    ]
    assert steps[-1] == ".venv/bin/python -m pytest (CI=true)"  # Hypothesis on its fixed profile


@pytest.mark.skipif(shutil.which("bash") is None, reason="CI runs on Debian or Ubuntu")
def test_ci_as_root_with_python3_venv_installs_only_the_missing_library(tmp_path):
    steps = run_ci_with_fakes(tmp_path)
    assert [step for step in steps if step.startswith(("apt-get install", "sudo"))] == [
        "apt-get install -y -qq --no-install-recommends libcups2"
    ]


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
