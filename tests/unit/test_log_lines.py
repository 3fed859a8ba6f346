"""Log lines as JSON: what a log collector reads from the web and from the workers."""

from __future__ import annotations

import json
import logging
import sys

from jobs.log_lines import JsonLogFormatter, log_to_stderr


def _record(**extra: object) -> logging.LogRecord:
    record = logging.LogRecord(
        "procrastinate.worker", logging.INFO, __file__, 1, "done %s", ("x",), None
    )
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def test_a_worker_line_names_its_job_and_task() -> None:
    line = json.loads(
        JsonLogFormatter().format(_record(job={"id": 42, "task_name": "jobs.rematch_participant"}))
    )
    assert line["message"] == "done x"
    assert line["level"] == "info"
    assert line["logger"] == "procrastinate.worker"
    assert (line["job_id"], line["task"]) == (42, "jobs.rematch_participant")
    assert "request_id" not in line


def test_a_web_line_keeps_its_request_id_and_traceback() -> None:
    try:
        raise ValueError("broken upstream page")
    except ValueError:
        record = _record(request_id="abc123")
        record.exc_info = sys.exc_info()
    line = json.loads(JsonLogFormatter().format(record))
    assert line["request_id"] == "abc123"
    assert "ValueError: broken upstream page" in line["exception"]
    assert "job_id" not in line


def test_log_to_stderr_writes_json_lines_when_asked(capsys) -> None:
    root = logging.getLogger()
    kept = root.handlers[:], root.level
    root.handlers.clear()
    try:
        log_to_stderr("json")
        logging.getLogger("jobs.test").info("worker started", extra={"job": {"id": 7}})
        log_to_stderr("text")  # a second call leaves the first handler in place
    finally:
        root.handlers[:], level = kept
        root.setLevel(level)
    [line] = capsys.readouterr().err.splitlines()
    assert json.loads(line)["job_id"] == 7
