"""Where the per-document steps of validate and build run: a process pool on this machine,
or any other map that runs a function over batches and returns the results in order
(a Dask client's executor, a Ray or Spark map), given by the caller.

A worker sets itself up on its first batch of a run rather than in a pool initializer, so
any map can call the same functions; the run's token is part of what it is set up for,
so a worker process that outlives a run (Dask's, Ray's) never reuses an earlier run's
registry or file hashes."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar, cast

_Batch = TypeVar("_Batch")
_Result = TypeVar("_Result")
_State = TypeVar("_State")


class BatchMap(Protocol):
    """``function`` over ``batches``, results in the order of the batches. The function
    and the batches pickle (with pickle and cloudpickle)."""

    def __call__(self, function: Callable[[_Batch], _Result], batches: list[_Batch],
                 /) -> Iterable[_Result]: ...


@contextmanager
def batch_map(jobs: int, given: BatchMap | None = None) -> Iterator[BatchMap]:
    """``given``, or else a pool of ``jobs`` local processes that lasts the ``with``."""
    if given is not None:
        yield given
        return
    from concurrent.futures import ProcessPoolExecutor  # slow to import, seldom needed

    with ProcessPoolExecutor(jobs) as pool:
        yield pool.map


def run_token() -> str:
    """A token unique to one run."""
    return uuid.uuid4().hex


_kept: dict[str, tuple[Hashable, Any]] = {}


def once_per_run(name: str, run: Hashable, make: Callable[[], _State]) -> _State:
    """``make()``, called once in this process per ``run`` (which names the run's token);
    ``name`` tells the kinds of state apart (a validator, a registry)."""
    kept = _kept.get(name)
    if kept is None or kept[0] != run:
        kept = _kept[name] = (run, make())
    return cast(_State, kept[1])
