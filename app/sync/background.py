"""Background sync on an asyncio loop (the GUI runs it under qasync): a round every N seconds, another at once
when asked (the "sync now" button, after each local op), and after a failure a retry on a timer that backs off
exponentially with jitter. The timer alone keeps retrying, so a queue never waits for the next local write to
move (the PowerSync stall). A round runs in a worker thread: the loop, and the window on it, never block."""

import asyncio
import contextlib
import random
from collections.abc import Callable

from app.sync.rounds import RoundReport

FIRST_RETRY_SECONDS = 5.0


class BackgroundSync:
    def __init__(self, run_round: Callable[[], RoundReport], *, interval_seconds: float, max_backoff_seconds: float,
                 first_retry_seconds: float = FIRST_RETRY_SECONDS,
                 on_report: Callable[[RoundReport], None] | None = None, rng: random.Random | None = None):
        self.run_round = run_round
        self.interval = float(interval_seconds)
        self.max_backoff = float(max_backoff_seconds)
        self.first_retry = float(first_retry_seconds)
        self.on_report = on_report
        self.failures = 0
        self._rng = rng or random.Random()
        self._wake: asyncio.Event | None = None
        self._stopping = False
        self._task: asyncio.Task | None = None
        self.running_round = False

    def next_delay(self, report: RoundReport) -> float:
        """Seconds until the next round: the interval after a success; after the n-th failure in a row a random
        wait in [cap/2, cap] with cap = min(max_backoff, first_retry·2ⁿ⁻¹), so desks that lost the server
        together do not all come back at the same instant."""
        if report.ok:
            self.failures = 0
            return self.interval
        self.failures += 1
        cap = min(self.max_backoff, self.first_retry * 2 ** (self.failures - 1))
        return self._rng.uniform(cap / 2, cap)

    def start(self) -> asyncio.Task:
        self._wake = asyncio.Event()
        self._task = asyncio.get_running_loop().create_task(self.run())
        return self._task

    def trigger(self) -> None:
        """Run a round now (or right after the one running). Call on the loop's thread."""
        if self._wake is not None:
            self._wake.set()

    async def stop(self) -> None:
        self._stopping = True
        self.trigger()
        if self._task is not None:
            await self._task

    async def run_once(self) -> RoundReport:
        self.running_round = True
        try:
            report = await asyncio.to_thread(self.run_round)
        finally:
            self.running_round = False
        if self.on_report is not None:
            self.on_report(report)
        return report

    async def run(self) -> None:
        if self._wake is None:
            self._wake = asyncio.Event()
        while not self._stopping:
            self._wake.clear()  # a request made while this round runs wakes the next wait at once
            report = await self.run_once()
            if self._stopping:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.next_delay(report))
