"""Matching right after a participant is saved: the save answers at once, and their matches are
worked out just after (``services.refresh.participants_changed``: place the home on the map, then
rank every open posting), one participant at a time in this process. Pages say whether the
matches are still being worked out and about how long it takes. With a task queue (PostgreSQL)
this only queues the work, and an employer's saved job is queued the same way
(``jobs.rematch_posting``)."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING, Any

import msgspec
from litestar import Request
from litestar.background_tasks import BackgroundTask
from litestar.response import Response
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from jobs import metrics
from jobs.services.refresh import participants_changed

if TYPE_CHECKING:
    from jobs.runtime import Runtime

log = logging.getLogger(__name__)
FIRST_GUESS_SECONDS = 60.0  # before this process has matched anyone


class MatchingStatus(msgspec.Struct, kw_only=True):
    """Where one participant's matching stands, in words for the page."""

    running: bool
    words: str


class MatchingQueue:
    """Participants waiting for (or in) their matching in this process."""

    def __init__(self, runtime: Runtime, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.runtime = runtime
        self.sessions = sessions
        self.waiting: dict[int, float] = {}  # participant id -> when asked (monotonic)
        self.last_seconds: float | None = None
        self.lock = asyncio.Lock()
        self.queue_app: Any = None  # the procrastinate app, opened on first use

    def ask(self, participant_id: int) -> None:
        """Note that this participant's matching is wanted (it runs after the response)."""
        self.waiting.setdefault(participant_id, time.monotonic())

    async def run(self, participant_id: int) -> None:
        """Work out the participant's matches (after the save committed); one at a time. With
        a task queue (PostgreSQL) the workers do it: this only queues the task."""
        if self.runtime.settings.queue.backend == "procrastinate":
            await self._queue(participant_id)
            return
        try:
            async with self.lock:
                started = time.monotonic()
                # In-process, it is the queue's rematch_participant task: timed as that.
                with metrics.task_run("rematch_participant", "matching"):
                    async with self.sessions() as session, session.begin():
                        await participants_changed(session, self.runtime, [participant_id])
                self.last_seconds = time.monotonic() - started
        except Exception:  # the save stands; the next save or refresh tries again
            log.exception("matching participant %s failed", participant_id)
        finally:
            self.waiting.pop(participant_id, None)

    async def _app(self) -> Any:
        """The task queue's app, opened on first use."""
        from jobs.services import task_queue

        if self.queue_app is None:
            app = task_queue.queue_app(self.runtime.settings, max_size=2)
            await app.open_async()
            self.queue_app = app
        return self.queue_app

    async def _queue(self, participant_id: int) -> None:
        from jobs.services import task_queue

        try:
            await task_queue.defer(
                await self._app(), "jobs.rematch_participant", participant_id=participant_id
            )
        except Exception:  # the save stands; the next save or the nightly rematch tries again
            log.exception("could not queue matching participant %s", participant_id)
        finally:
            self.waiting.pop(participant_id, None)

    async def postings_changed(self, posting_ids: list[int]) -> None:
        """Queue ``jobs.rematch_posting`` for each changed posting (task queue only): the
        workers place, read and re-match it."""
        from jobs.services import task_queue

        try:
            app = await self._app()
            for posting_id in posting_ids:
                await task_queue.defer(app, "jobs.rematch_posting", posting_id=posting_id)
        except Exception:  # the save stands; the next sync or the nightly rematch tries again
            log.exception("could not queue matching postings %s", posting_ids)

    async def close(self) -> None:
        """Close the task queue's connections, if this process opened them."""
        if self.queue_app is not None:
            app, self.queue_app = self.queue_app, None
            await app.close_async()

    def status(self, participant_id: int) -> MatchingStatus | None:
        """None when nothing is waiting for this participant; else words for the page."""
        if participant_id not in self.waiting:
            return None
        expected = self.last_seconds or FIRST_GUESS_SECONDS
        ahead = sum(1 for other in self.waiting if other != participant_id)
        seconds = expected * (ahead + 1)
        if seconds <= 90:
            when = "within about a minute" if seconds > 20 else "in a few seconds"
        else:
            when = f"in about {round(seconds / 60)} minutes"
        return MatchingStatus(
            running=True,
            words=f"Matches are being worked out now; they will be ready {when}. "
            "Reload this page to see them.",
        )


def queue_of(request: Request[Any, Any, Any]) -> MatchingQueue:
    """The app's matching queue."""
    queue: MatchingQueue = request.app.state.matching
    return queue


def queue_matching(
    request: Request[Any, Any, Any], response: Response[Any], participant_id: int
) -> Response[Any]:
    """Queue the participant's matching to run once ``response`` (whose transaction commits
    first) is sent; returns the response."""
    queue = queue_of(request)
    queue.ask(participant_id)
    response.background = BackgroundTask(queue.run, participant_id)
    return response
