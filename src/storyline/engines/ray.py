"""The Ray engine: shards of the input read, cleaned and parsed on a Ray Data actor pool, local or a cluster.

    driver: plan ──► Dataset of shards ──► map_batches(_ShardActor) ──► driver: stage three, in plan order
                     (one block a shard)    an actor pool; each actor is one       (the one writer)
                                            engines/local.ShardWorker: the model
                                            loaded once, a snapshot of the store

One Dataset carries the whole run: its input is the plan (small: a shard is a few paths or a byte range), so
nothing is fed from the driver while it reads results, and Ray Data's streaming executor bounds what is in
flight. Order is preserved (`preserve_order`), so results reach the writer in plan order and the dossier
comes out as the local engine's. A row out is one parser batch of one shard, pickled into an Arrow binary
value (storyline's frozen dataclasses arrive intact, blocks stay plain Arrow); a last row with `end` set says
the shard is finished, so the driver can record it as done.

This module knows Ray and nothing of what a worker does: `pipeline.py` gives it the worker to build
(`engines/local.ShardWorker`, prepare and read in one process); `engines/local.run_shards` gives the same.
"""

from __future__ import annotations

import logging
import os
import pickle
import socket
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from storyline.errors import StorylineError, UsageError
from storyline.ingest.shards import Shard

try:
    import ray
    import ray.data
    import ray.exceptions
except ImportError as err:  # the extra is optional; the CLI turns this into one line and exit 2
    raise UsageError("the Ray engine needs the 'ray' extra: pip install 'storyline[ray]'") from err

import pyarrow as pa

CONNECT_TIMEOUT = 5.0  # seconds to wait for a cluster's head to answer

Work = Callable[[Shard], Iterable[list[Any]]]


@contextmanager
def cluster(address: str | None = None) -> Iterator[int]:
    """The Ray cluster to run on, as its number of live nodes.

    Joins the running Ray instance if this process has one; else `ray.init(address)` (None: $RAY_ADDRESS, else
    a new local cluster), shut down again at the end.
    """
    _quiet()
    started = not ray.is_initialized()
    if started:
        _check_reachable(address or os.environ.get("RAY_ADDRESS"))
        try:
            ray.init(address=address, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR,
                     configure_logging=True)
        except (ConnectionError, ValueError, RuntimeError) as err:
            raise UsageError(f"cannot reach the Ray cluster{f' at {address}' if address else ''}: {err}") from err
    try:
        nodes: list[dict[str, Any]] = ray.nodes()  # type: ignore[no-untyped-call]
        yield sum(1 for node in nodes if node.get("Alive"))
    finally:
        if started:
            ray.shutdown()


def _check_reachable(address: str | None) -> None:
    """A cluster address that answers nothing is one line now, not Ray's retries for minutes."""
    if not address or address in ("auto", "local"):
        return
    hostport = address.split("://", 1)[-1].rstrip("/")
    host, _, port = hostport.rpartition(":")
    if not host or not port.isdigit():
        raise UsageError(f"not a Ray cluster address: {address!r} (HOST:PORT, ray://HOST:PORT or auto)")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT).close()
    except OSError as err:
        raise UsageError(f"cannot reach the Ray cluster at {address}: {err.strerror or err}") from None


def run_shards(
    shards: Sequence[Shard], make_worker: Callable[[], Work], *, concurrency: int | None = None
) -> Iterator[tuple[int, list[Any] | None]]:
    """Each shard's results in plan order, as (shard index, a batch of results), then (shard index, None) when
    the shard is finished. `make_worker()` builds one worker per actor; `concurrency` actors (default: one per
    CPU of the cluster). Needs a connected cluster (`cluster()`)."""
    if not shards:
        return
    cpus: dict[str, float] = ray.cluster_resources()  # type: ignore[no-untyped-call]
    size = max(1, min(concurrency or int(cpus.get("CPU", 1)), len(shards)))
    plan = ray.data.from_items(
        [{"index": i, "shard": pickle.dumps(s)} for i, s in enumerate(shards)], override_num_blocks=len(shards)
    )
    plan.context.execution_options.preserve_order = True  # the writer settles inputs in plan order
    with warnings.catch_warnings():  # max_restarts has no named parameter yet (Ray 2.60 is pinned)
        warnings.filterwarnings("ignore", "`ray_remote_args` is deprecated")
        results = plan.map_batches(
            _ShardActor, fn_constructor_args=(make_worker,), batch_size=1, batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=size), num_cpus=1,
            # No actor restarts: Ray's restart of an actor whose arguments sit in the object store is unreliable
            # (ray-project/ray#53727) and it says so on stderr at every start. A lost actor ends the run
            # instead, with one line; run again, it starts past the shards that were done.
            max_restarts=0,
        )
    batches: Iterable[Any] = results.iter_batches(batch_size=None, batch_format="pyarrow")
    try:
        for batch in batches:
            for index, end, out in zip(*(batch.column(c).to_pylist() for c in ("index", "end", "out")), strict=True):
                yield index, None if end else pickle.loads(out)
    except ray.exceptions.RayError as err:
        raise StorylineError(f"the Ray run stopped: {_first_line(err)} (run it again to go on)") from err


class _ShardActor:
    """One actor of the pool: builds its worker once, then runs it on shard after shard."""

    def __init__(self, make_worker: Callable[[], Work]) -> None:
        self.work = make_worker()

    def __call__(self, batch: pa.Table) -> Iterator[pa.Table]:
        for index, spec in zip(batch.column("index").to_pylist(), batch.column("shard").to_pylist(), strict=True):
            for results in self.work(pickle.loads(spec)):
                yield _row(index, False, pickle.dumps(results))
            yield _row(index, True, b"")


def _row(index: int, end: bool, out: bytes) -> pa.Table:
    return pa.table({"index": pa.array([index], pa.int64()), "end": pa.array([end]),
                     "out": pa.array([out], pa.binary())})


def _first_line(err: BaseException) -> str:
    """What stopped the run, in one line. A task's own exception comes first, by name: Ray puts it (its `cause`)
    under a line naming the worker process and a traceback, so neither the first nor the last line of the whole
    message says it (the last is the exception's own last line)."""
    cause = getattr(err, "cause", None)
    if isinstance(cause, BaseException) and cause is not err:
        return f"{type(cause).__name__}: {_first_line(cause)}"
    lines = [line.strip() for line in str(err).splitlines() if line.strip()]
    return lines[0] if lines else type(err).__name__


def _quiet() -> None:
    """A CLI user sees storyline's lines, not Ray's: errors only, progress bars only on a terminal."""
    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", module=r"ray\.")  # advice on tuning, written for notebooks
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = sys.stderr.isatty()
    ctx.print_on_execution_start = False
    ctx.enable_auto_log_stats = False
