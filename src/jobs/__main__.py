"""``python -m jobs`` is the ``jobs`` command."""

from jobs.cli import main

main(prog_name="jobs")
