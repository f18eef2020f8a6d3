"""Run the sandbox command: python -m sandbox ..."""

from .cli import main

main()
