"""`python -m extractor`: the same command as `extract`."""

from .entry import main

main()
