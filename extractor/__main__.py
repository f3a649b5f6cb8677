"""`python -m extractor`: the same command as `extract`."""

from .cli import app

app(prog_name="extract")
