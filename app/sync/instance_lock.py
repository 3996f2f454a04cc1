"""One running FrontDesk per data folder: an OS lock on a file in the folder, held while the program runs.

Two instances on one desk would sync the same outbox at once and hand out receipt numbers from one counter in
two windows. The OS drops the lock when the process ends, however it ends, so a crash never leaves a stale lock.
"""

import os
import sys
from pathlib import Path

from app.core.errors import FrontDeskError

LOCK_FILENAME = "frontdesk.lock"


class AlreadyRunning(FrontDeskError):
    pass


def _try_lock(handle) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


class InstanceLock:
    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / LOCK_FILENAME
        self._handle = None

    def acquire(self) -> "InstanceLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="ascii")  # noqa: SIM115  (held open while the program runs)
        handle.seek(0)
        if not _try_lock(handle):
            try:
                holder = handle.read().strip()
            except OSError:  # Windows locks are mandatory: the holder's pid may not be readable
                holder = ""
            handle.close()
            raise AlreadyRunning(
                f"FrontDesk 已经在本机打开了这个数据目录（{self.path.parent}，进程 {holder or '未知'}）。"
                "请切换到已打开的窗口，不要同时运行两个。",
                f"FrontDesk is already running on this data folder ({self.path.parent}, process {holder or '?'})")
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle
        return self

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing drops the lock
            self._handle = None

    def __enter__(self) -> "InstanceLock":
        return self.acquire()

    def __exit__(self, *_exc) -> None:
        self.release()
