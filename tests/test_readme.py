"""The README documents every setting, with its real default, and the two commands."""

import re
from pathlib import Path

from openminutes.settings import documented

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def settings_table() -> dict[str, str]:
    rows = re.findall(r"^\| `(OPENMINUTES_\w+)` \| (.+?) \|", README, re.M)
    return {name: default.strip("`") for name, default in rows}


def test_every_setting_is_documented_with_its_default():
    table = settings_table()
    for name, default, _ in documented():
        assert name in table, f"{name} is not in the README's settings table"
        expected = str(default) if str(default) else "*(empty)*"
        assert table[name] == expected, f"{name}: README says {table[name]!r}, the code {expected!r}"
    assert set(table) == {name for name, _, _ in documented()}


def test_quick_start_gives_the_two_commands_first():
    block = re.search(r"## Quick start\s+```sh\n(.*?)```", README, re.S)[1]
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make run", "make test"]


def test_ci_runs_the_readme_test_command():
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()
    assert re.search(r"^make test\b", ci, re.M)
