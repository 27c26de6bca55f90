"""Every command is documented: in its --help and in the README (as sqlite-utils does)."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from parallax.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands() -> dict[str, object]:
    group = typer.main.get_command(app)
    commands = {}
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        if hasattr(command, "commands"):
            for sub, inner in command.commands.items():
                commands[f"{name} {sub}"] = inner
        else:
            commands[name] = command
    return commands


def test_every_command_has_help() -> None:
    for name, command in _commands().items():
        assert (command.help or "").strip(), f"`parallax {name}` has no help text"
        for param in command.params:
            if param.param_type_name == "option":
                assert (param.help or "").strip(), f"option {param.opts} of `parallax {name}` has no help"


def test_every_command_is_in_the_readme() -> None:
    for name in _commands():
        if name.startswith("eval "):
            task = name.split()[1]
            assert re.search(rf"parallax eval [\w|]*\b{task}\b", README), f"`parallax {name}` missing from README"
        else:
            assert f"parallax {name}" in README, f"`parallax {name}` missing from README"
