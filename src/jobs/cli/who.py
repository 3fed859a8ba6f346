"""Who runs a command: the command line acts as ``cli:<os user>`` in the audit log."""

from __future__ import annotations

import getpass
import os
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jobs.services import audit


def os_user() -> str:
    """The operating-system account running this process (its uid when it has no name)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid{os.getuid()}"


def cli_actor() -> audit.Actor:
    """The audit actor for this command line: ``cli:<os user>``."""
    return audit.Actor(label=f"cli:{os_user()}")


async def audit_cli(
    session: AsyncSession,
    action: str,
    subject_type: str,
    subject_id: object = "",
    *,
    participant_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one audit event for a command that read or changed participant data, inside the
    command's transaction (no field values in ``detail``)."""
    await audit.append(
        session,
        cli_actor(),
        action,
        subject_type,
        subject_id,
        participant_id=participant_id,
        detail=detail,
        ip="",
    )
