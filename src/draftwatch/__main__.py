"""Allow `python -m draftwatch`."""

from draftwatch.cli import main

main()
