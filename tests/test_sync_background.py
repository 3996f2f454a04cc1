"""Background sync timing: retries on a timer after failures (backing off with jitter, never waiting for a new
local write), the interval after success, a round at once on demand; one running instance per data folder."""

import asyncio
import random
import subprocess
import sys

import pytest

from app.sync.background import BackgroundSync
from app.sync.instance_lock import AlreadyRunning, InstanceLock
from app.sync.rounds import RoundReport


def test_backoff_doubles_with_jitter_up_to_the_cap_and_resets_after_success():
    loop = BackgroundSync(lambda: RoundReport(ok=True), interval_seconds=30, max_backoff_seconds=300,
                          first_retry_seconds=5, rng=random.Random(4))
    failed, ok = RoundReport(ok=False, error="x"), RoundReport(ok=True)
    delays = [loop.next_delay(failed) for _ in range(9)]
    caps = [5, 10, 20, 40, 80, 160, 300, 300, 300]
    for delay, cap in zip(delays, caps, strict=True):
        assert cap / 2 <= delay <= cap
    assert len(set(delays)) == len(delays)  # jittered, not a fixed schedule
    assert loop.next_delay(ok) == 30
    assert 2.5 <= loop.next_delay(failed) <= 5  # a new outage starts again from the first retry


def test_failed_rounds_are_retried_on_the_timer_without_any_trigger():
    outcomes = iter([False, False, False, True])
    calls = []

    def round_fn():
        calls.append(1)
        return RoundReport(ok=next(outcomes, True))

    async def scenario():
        loop = BackgroundSync(round_fn, interval_seconds=3600, max_backoff_seconds=0.05, first_retry_seconds=0.01)
        loop.start()
        while len(calls) < 4:  # nobody calls trigger(): only the retry timer can get here
            await asyncio.sleep(0.005)
        await loop.stop()
        return loop

    loop = asyncio.run(asyncio.wait_for(scenario(), timeout=60))
    assert len(calls) == 4 and loop.failures == 0


def test_trigger_runs_a_round_at_once_despite_a_long_interval():
    calls = []
    reports = []

    async def scenario():
        loop = BackgroundSync(lambda: calls.append(1) or RoundReport(ok=True), interval_seconds=3600,
                              max_backoff_seconds=300, on_report=reports.append)
        loop.start()
        while len(calls) < 1:
            await asyncio.sleep(0.005)
        loop.trigger()
        while len(calls) < 2:
            await asyncio.sleep(0.005)
        await loop.stop()

    asyncio.run(asyncio.wait_for(scenario(), timeout=60))
    assert len(calls) == 2 and len(reports) == 2


def test_a_second_instance_on_the_same_data_folder_is_refused(tmp_path):
    with InstanceLock(tmp_path):
        with pytest.raises(AlreadyRunning) as refused:
            InstanceLock(tmp_path).acquire()
        assert "已经在本机打开" in str(refused.value)
        other = subprocess.run(
            [sys.executable, "-c", "import sys\nfrom app.sync.instance_lock import InstanceLock, AlreadyRunning\n"
             "try:\n    InstanceLock(sys.argv[1]).acquire()\nexcept AlreadyRunning:\n    sys.exit(3)\n",
             str(tmp_path)], capture_output=True, text=True)
        assert other.returncode == 3, other.stderr
    InstanceLock(tmp_path).acquire().release()  # released with the holder
