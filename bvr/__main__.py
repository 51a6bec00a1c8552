"""`python -m bvr` is the `bvr` command."""

from bvr.cli import main

main()
