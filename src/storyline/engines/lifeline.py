"""Worker processes end when the process that started them ends, however it ends (`kill -9` included).

A pool's workers are children of multiprocessing's forkserver, not of the ingest, and each holds the write ends
of the pipes the forkserver and the resource tracker wait on: when the ingest is killed, nothing tells the
workers (they block on their task queue for ever), and while they live the forkserver and the resource tracker
live too. So each worker watches the ingest itself: a daemon thread waits on a pidfd of the ingest (Linux; it
becomes readable the moment the ingest exits, zombie or not), or elsewhere polls for it, and ends the worker.
Once the workers are gone the forkserver sees its pipe close and exits, and so does the resource tracker.
"""

from __future__ import annotations

import os
import select
import threading
import time

POLL = 1.0  # seconds between checks where there is no pidfd


def watch(owner: int) -> None:
    """End this process as soon as process `owner` has ended (at once if it already has). Called first thing
    in each worker, with the pid of the process that made the pool."""
    try:
        pidfd = os.pidfd_open(owner) if hasattr(os, "pidfd_open") else None
    except ProcessLookupError:
        os._exit(1)
    except OSError:  # an old kernel, or not allowed: poll instead
        pidfd = None
    target = _wait_pidfd if pidfd is not None else _poll
    threading.Thread(target=target, args=(pidfd if pidfd is not None else owner,), name="storyline-lifeline",
                     daemon=True).start()


def _wait_pidfd(pidfd: int) -> None:
    select.select([pidfd], [], [])
    os._exit(1)  # the owner ended: no one will take this worker's results, and it holds the pool's pipes


def _poll(owner: int) -> None:
    while _alive(owner):
        time.sleep(POLL)
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
