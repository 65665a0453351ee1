"""A process pool for the engine's page work, and how work is cut into chunks for it.

A single-threaded caller (a job runner process, the benchmark) forks its workers: that costs
nothing. A multi-threaded one (the service with its thread pools) must not fork; its workers
start through a fork server that has imported the engine once (about a second to start, so
such a caller should create one pool and keep it).
"""

from __future__ import annotations

import math
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from typing import Any, TypeVar

R = TypeVar("R")

_PRELOAD = ["hausportal.smartpost.engine"]


def default_workers() -> int:
    """The cores this process may run on (a container's CPU set, not the host's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _context() -> multiprocessing.context.BaseContext:
    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)
    return context


@contextmanager
def worker_pool(workers: int | None = None) -> Iterator[ProcessPoolExecutor]:
    """A pool to share between extraction and assembly of one or more files."""
    pool = ProcessPoolExecutor(max_workers=workers or default_workers(), mp_context=_context())
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def chunked(total: int, workers: int, *, min_size: int) -> list[tuple[int, int]]:
    """[start, stop) ranges covering 0..total: several per worker so progress moves and a slow
    chunk does not hold up the rest."""
    if total <= 0:
        return []
    size = max(min_size, math.ceil(total / (workers * 12)))
    return [(start, min(start + size, total)) for start in range(0, total, size)]


def run_chunks(
    function: Callable[..., R],
    chunks: Sequence[tuple[Any, ...]],
    *,
    workers: int,
    executor: Executor | None,
    on_result: Callable[[R], None],
) -> None:
    """Run ``function(*chunk)`` for every chunk, handing each result to ``on_result`` as it
    arrives. An exception (from a chunk or from ``on_result``) cancels what has not started."""
    if executor is not None:
        _drain(executor, function, chunks, on_result)
        return
    with worker_pool(min(workers, len(chunks)) or 1) as pool:
        _drain(pool, function, chunks, on_result)


def _drain(
    executor: Executor,
    function: Callable[..., R],
    chunks: Sequence[tuple[Any, ...]],
    on_result: Callable[[R], None],
) -> None:
    futures: list[Future[R]] = [executor.submit(function, *chunk) for chunk in chunks]
    try:
        for future in as_completed(futures):
            on_result(future.result())
    except BaseException:
        for future in futures:
            future.cancel()
        raise
