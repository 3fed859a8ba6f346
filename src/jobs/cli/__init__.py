"""The ``jobs`` command. Thin: each subcommand parses flags and calls a service.

Command groups live in their own modules and are registered at the bottom of this file.
"""

from __future__ import annotations

import os

import click

from jobs import __version__

# One BLAS thread per process unless the deployment says otherwise: the skill span model's matrix
# products run through numpy's BLAS, which would otherwise start a thread per core in every web
# and worker process, where work is spread by processes instead. Set at the command's edge,
# before the subcommands below import numpy; processes the command starts inherit it.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jobs")
def main() -> None:
    """Fair-chance job matching for reentry employment services."""


def _register() -> None:
    from jobs.cli.audit import audit
    from jobs.cli.db import db
    from jobs.cli.demo import demo
    from jobs.cli.employers import employers
    from jobs.cli.extract import extract_command, taxonomy_group
    from jobs.cli.keys import keys
    from jobs.cli.match import match_command
    from jobs.cli.messages import messages
    from jobs.cli.participants import participants
    from jobs.cli.placements import placements
    from jobs.cli.places import places
    from jobs.cli.postings import postings
    from jobs.cli.report import report
    from jobs.cli.retention import retention
    from jobs.cli.serve import serve
    from jobs.cli.sources import sources
    from jobs.cli.sync import sync_command
    from jobs.cli.transit import transit
    from jobs.cli.users import users
    from jobs.cli.worker import worker

    for command in (
        audit,
        db,
        demo,
        employers,
        extract_command,
        keys,
        match_command,
        messages,
        participants,
        placements,
        places,
        postings,
        report,
        retention,
        serve,
        sources,
        sync_command,
        taxonomy_group,
        transit,
        users,
        worker,
    ):
        main.add_command(command)


_register()
