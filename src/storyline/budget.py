"""Per-document budgets: the time one step may take on one document, the memory a reading process may grow by.

Time (`within`): a SIGALRM timer around the step, in the process that runs it. The signal handler raises
`OverBudget`, which the per-document boundary (`inputs.guarded`) records as that input's failure; the batch goes
on. Python runs the handler between bytecodes, so a long call into C (lxml on a huge page) ends before it is
stopped: the up-front limits (bytes, lines, elements, characters) bound those calls. Signals reach only the
main thread: elsewhere (a server's worker thread) no timer is set and only the up-front limits hold.

Memory (`confine`): RLIMIT_AS on a process that does nothing but read documents (the local engine's worker
processes, which `engines/local.warm` marks). Before each batch the soft limit is set to the address space
in use plus the budget, so one batch may grow by that much; past it an allocation fails with MemoryError,
the batch is read again a document at a time, and the document that still does not fit fails naming the
budget. The worker lives on. The process that settles inputs (and a server's) is never confined: the limit
would hold for all its threads; there, the up-front limits bound what a document costs.
"""

from __future__ import annotations

import resource
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from storyline.config import LIMITS, Limits
from storyline.errors import StorylineError

__all__ = ["OverBudget", "confine", "confined", "within"]


class OverBudget(StorylineError):
    """One document took more time or memory than its budget."""


def time_reason(limits: Limits = LIMITS) -> str:
    return limits.over("max_seconds", "seconds per document")


def memory_reason(limits: Limits = LIMITS) -> str:
    return limits.over("max_memory_mb", "MB of memory per batch of documents read")


@contextmanager
def within(seconds: float, reason: str) -> Iterator[None]:
    """Raise OverBudget(reason) in the block when it runs longer than `seconds` (main thread only; nested
    budgets: the inner one holds while it runs, the outer one is set again after)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    fired = False

    def expired(signum: int, frame: FrameType | None) -> None:
        nonlocal fired
        fired = True
        raise OverBudget(reason)

    previous = signal.signal(signal.SIGALRM, expired)
    outer, _ = signal.getitimer(signal.ITIMER_REAL)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer > 0:
            signal.setitimer(signal.ITIMER_REAL, max(outer - seconds, 0.001))
    if fired:  # the handler's exception was swallowed where it struck (a gc callback, a __del__): still over
        raise OverBudget(reason)


_confined = False


def confine() -> None:
    """Mark this process as one that only reads documents: `confined` sets its memory budget from now on."""
    global _confined
    _confined = True


def _address_space() -> int:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[0])
    return pages * resource.getpagesize()


@contextmanager
def confined(limits: Limits = LIMITS) -> Iterator[None]:
    """In a confined process, the block may grow the address space by `limits.max_memory_mb`; a MemoryError in it
    becomes OverBudget naming the budget. Elsewhere (or where /proc is not there) it only does the latter."""
    try:
        base = _address_space() if _confined else None
    except OSError:
        base = None
    if base is None:
        try:
            yield
        except MemoryError as err:
            raise OverBudget(memory_reason(limits)) from err
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    want = base + limits.max_memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (want if hard == resource.RLIM_INFINITY else min(want, hard), hard))
    try:
        yield
    except MemoryError as err:
        raise OverBudget(memory_reason(limits)) from err
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
