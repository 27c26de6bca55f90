"""`python -m parallax` runs the CLI."""

from parallax.cli import app

app(prog_name="parallax")
