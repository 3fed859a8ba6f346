"""The ``jobs`` command. Thin: each subcommand parses flags and calls a service.

Command groups live in their own modules and are registered at the bottom of this file.
"""

from __future__ import annotations

import click

from jobs import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jobs")
def main() -> None:
    """Fair-chance job matching for reentry employment services."""


def _register() -> None:
    from jobs.cli.db import db
    from jobs.cli.demo import demo
    from jobs.cli.participants import participants
    from jobs.cli.serve import serve
    from jobs.cli.transit import transit
    from jobs.cli.users import users

    for command in (db, demo, participants, serve, transit, users):
        main.add_command(command)


_register()
