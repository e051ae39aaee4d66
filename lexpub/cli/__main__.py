"""``python -m lexpub.cli``: the same command line as the ``lexpub`` script."""

from lexpub.cli import main

main()
