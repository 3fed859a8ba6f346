"""How a process writes its log lines: text for a terminal, or one JSON object a line
(``JOBS_LOG_FORMAT=json``) for a log collector. The web adds its request id to each line; a
worker adds the job id and task name of the job the line is about."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonLogFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request or job id, traceback."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "process": record.process,
            "message": record.getMessage(),
        }
        rid = getattr(record, "request_id", "")
        if rid:
            line["request_id"] = rid
        # procrastinate passes the job it is logging about as ``extra={"job": {...}}``.
        job = getattr(record, "job", None)
        if isinstance(job, dict):
            if job.get("id") is not None:
                line["job_id"] = job["id"]
            if job.get("task_name"):
                line["task"] = job["task_name"]
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def log_to_stderr(log_format: str, level: int = logging.INFO) -> None:
    """Send this process's log lines (INFO and up) to stderr, as text or as JSON lines."""
    handler = logging.StreamHandler()
    handler.setFormatter(
        JsonLogFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)
    )
    logging.basicConfig(level=level, handlers=[handler])
