"""A throwaway PostgreSQL cluster of the test's own, for fault tests that stop and restart the
database (never the shared server): ``initdb`` into a temporary directory, ``pg_ctl start`` on
a free loopback port, run as the ``postgres`` OS user when the tests run as root (PostgreSQL
refuses to run as root). Needs the server binaries (Debian: /usr/lib/postgresql/*/bin)."""

from __future__ import annotations

import asyncio
import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from tests.support.served import free_port


def server_binaries() -> Path | None:
    """The newest PostgreSQL server's bin directory, or None when there is none."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parent.parent.name),
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_owner(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@dataclass
class PrivatePostgres:
    """One cluster: its directory, port and binaries."""

    directory: Path
    port: int
    bin: Path

    @property
    def data(self) -> Path:
        return self.directory / "data"

    def url(self, database: str) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{database}"

    def _ctl(self, *args: str, timeout: float = 60) -> None:
        subprocess.run(
            _as_owner([str(self.bin / "pg_ctl"), "-D", str(self.data), *args]),
            check=True,
            capture_output=True,
            timeout=timeout,
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=100"
        )
        self._ctl("-o", options, "-l", str(self.directory / "server.log"), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._ctl("-m", mode, "-w", "stop")

    def log(self) -> str:
        path = self.directory / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def create_database(self, name: str) -> str:
        async def create() -> None:
            conn = await asyncpg.connect(
                host="127.0.0.1", port=self.port, user="postgres", database="postgres"
            )
            try:
                await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                await conn.execute(f'CREATE DATABASE "{name}"')
            finally:
                await conn.close()

        asyncio.run(create())
        return self.url(name)


def start_private_postgres() -> PrivatePostgres:
    """initdb and start a cluster in a new temporary directory (owned by ``postgres`` when we
    are root)."""
    binaries = server_binaries()
    if binaries is None:
        raise RuntimeError("no PostgreSQL server binaries (initdb) on this machine")
    directory = Path(tempfile.mkdtemp(prefix="jobs-pg-"))
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    cluster = PrivatePostgres(directory=directory, port=free_port(), bin=binaries)
    subprocess.run(
        _as_owner(
            [
                str(binaries / "initdb"),
                "-D",
                str(cluster.data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "--no-sync",
                "-E",
                "UTF8",
            ]
        ),
        check=True,
        capture_output=True,
        timeout=120,
    )
    cluster.start()
    return cluster


def remove_private_postgres(cluster: PrivatePostgres) -> None:
    """Stop the cluster (at once) and delete its files."""
    with contextlib.suppress(subprocess.SubprocessError):
        cluster.stop("immediate")
    shutil.rmtree(cluster.directory, ignore_errors=True)
