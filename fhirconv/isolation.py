"""Worker processes that survive any one case: a crash, a time-out or a refusal fails that case alone.

Each worker converts one case at a time and answers on its own pipe; its next case already waits in
that pipe, so it goes on without waiting for the parent to read the answer. The parent waits on the
pipes and on the processes themselves: a worker that dies (a native crash, the out-of-memory killer)
or runs past the per-case time limit fails the case it held, is replaced, and the batch goes on
(the case that waited behind it goes to another worker).
Results come back in input order, with a bounded number in flight, so memory stays flat.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from fhirconv.issues import Issue

# A worker is sent its next input while it converts the one before, so it never waits for the parent
# between cases; only inputs this small are queued (a worker and the parent each writing to the other
# more than the pipe holds would wait on each other for ever).
_QUEUED_BYTES = 16 * 1024


@dataclass
class _Defect:
    """The worker's answer when the work itself raised (it should not: that is our defect)."""

    what: str


@dataclass
class _Worker:
    process: Any
    conn: Any
    # (sequence number, input) sent and not answered yet, in the order the worker takes them: the
    # first is being converted, the others wait in its pipe so it never waits for the parent
    jobs: deque[tuple[int, Any]] = field(default_factory=deque)
    deadline: float | None = None  # of the first job


def _serve(conn: Any, work: Callable[[Any], Any], setup: Callable[[], None],
           teardown: Callable[[], None] | None = None) -> None:
    """A worker's loop: take an input, send its result, until the pipe closes (or ``None`` comes:
    the run is over, and ``teardown`` may keep what the worker learnt)."""
    setup()
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            if teardown is not None:
                with contextlib.suppress(Exception):
                    teardown()
            return
        seq, inp = job
        try:
            result = work(inp)
        except Exception as exc:  # noqa: BLE001 - a defect of ours: this input fails, the worker lives on
            result = _Defect(f"{type(exc).__name__}: {str(exc)[:200]}")
        conn.send((seq, result))


class Pool:
    """``jobs`` workers running ``work(input)``; ``failed(input, why)`` makes the result of a case
    whose worker crashed or ran out of time."""

    def __init__(self, jobs: int, work: Callable[[Any], Any], failed: Callable[[Any, Issue], Any],
                 setup: Callable[[], None], timeout: float | None = None, window: int = 4,
                 teardown: Callable[[], None] | None = None, depth: int = 2, spare: tuple[Any, Any] | None = None):
        import multiprocessing

        methods = multiprocessing.get_all_start_methods()
        self.context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self.jobs, self.work, self.failed, self.setup, self.teardown = jobs, work, failed, setup, teardown
        self.timeout, self.window, self.depth = timeout, window, max(depth, 1)
        self.workers: list[_Worker] = []
        # (process, connection) of a worker started before the pool (fhirconv.spare), waiting for
        # its (work, setup, teardown): the first worker to start
        self.spare = spare

    def _start(self) -> _Worker:
        if self.spare is not None:
            (process, conn), self.spare = self.spare, None
            with contextlib.suppress(OSError):  # a spare that died meanwhile: found as any dead worker
                conn.send((self.work, self.setup, self.teardown))
            return _Worker(process, conn)
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_serve, args=(child, self.work, self.setup, self.teardown),
                                       daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def _replace(self, worker: _Worker) -> None:
        _kill(worker)
        self.workers[self.workers.index(worker)] = self._start()

    def map(self, inputs: Iterable[Any]) -> Iterator[Any]:
        """Results in input order."""
        from multiprocessing.connection import wait
        from multiprocessing.reduction import ForkingPickler

        source = iter(inputs)
        exhausted = False
        seq = 0
        next_out = 0
        done: dict[int, Any] = {}
        again: deque[tuple[int, Any]] = deque()  # jobs a stopped worker held but had not begun
        try:
            self.workers = [self._start() for _ in range(self.jobs)]
            while True:
                for worker in list(self.workers):
                    if not worker.jobs and not worker.process.is_alive():
                        self._replace(worker)  # died idle: never hand it a case
                for worker in self.workers:
                    while len(worker.jobs) < self.depth:
                        if again:
                            job = again.popleft()
                        elif not exhausted and seq - next_out < self.jobs * (self.window + self.depth):
                            try:
                                job = (seq, next(source))
                            except StopIteration:
                                exhausted = True
                                break
                            seq += 1
                        else:
                            break
                        data = ForkingPickler.dumps(job)
                        if worker.jobs and len(data) > _QUEUED_BYTES:
                            again.appendleft(job)  # a large input waits for a free worker (no pipe fills up)
                            break
                        if not worker.jobs:
                            worker.deadline = time.monotonic() + self.timeout if self.timeout else None
                        worker.jobs.append(job)
                        with contextlib.suppress(OSError):  # a dead worker: found below
                            worker.conn.send_bytes(data)
                busy = [w for w in self.workers if w.jobs]
                if not busy:
                    break
                now = time.monotonic()
                deadlines = [w.deadline for w in busy if w.deadline is not None]
                step = min([0.2, *(d - now for d in deadlines)])
                ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], max(step, 0))
                for worker in busy:
                    seq_no, inp = worker.jobs[0]
                    if worker.conn in ready:
                        try:
                            got, result = worker.conn.recv()
                        except (EOFError, OSError):
                            pass  # died while answering: a crash, below
                        else:
                            if isinstance(result, _Defect):
                                result = self.failed(inp, Issue(
                                    "error", f"internal error: {result.what}", code="exception", layer="case",
                                    hint="please report this input"))
                            done[got] = result
                            worker.jobs.popleft()
                            worker.deadline = time.monotonic() + self.timeout if self.timeout else None
                            continue
                    if worker.process.sentinel in ready or not worker.process.is_alive():
                        worker.process.join(1)
                        done[seq_no] = self.failed(inp, _crashed(worker.process.exitcode))
                    elif worker.deadline is not None and time.monotonic() >= worker.deadline:
                        done[seq_no] = self.failed(inp, Issue(
                            "error", f"took longer than {self.timeout:g} s: stopped", code="too-costly",
                            layer="case", hint="raise --case-timeout if this case is honest and large"))
                    else:
                        continue
                    worker.jobs.popleft()
                    again.extend(worker.jobs)  # not begun: another worker takes them
                    self._replace(worker)
                if again:
                    again = deque(sorted(again, key=lambda job: job[0]))
                while next_out in done:
                    yield done.pop(next_out)
                    next_out += 1
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
            self.finish()
        finally:
            self.close()

    def finish(self, wait: float = 2.0) -> None:
        """The run is over: let idle workers end by themselves (their ``teardown`` runs), for at most
        ``wait`` seconds; :meth:`close` stops any that are left."""
        deadline = time.monotonic() + wait
        for worker in self.workers:
            if not worker.jobs:
                with contextlib.suppress(OSError):
                    worker.conn.send(None)
        for worker in self.workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))

    def close(self) -> None:
        """Stop every worker now (they ignore Ctrl-C themselves; an interrupted run must not wait)."""
        if self.spare is not None:  # never started: stop it too
            (process, conn), self.spare = self.spare, None
            self.workers.append(_Worker(process, conn))
        for worker in self.workers:
            _kill(worker)
        self.workers = []


def _kill(worker: _Worker) -> None:
    with contextlib.suppress(OSError):
        worker.conn.close()
    if worker.process.is_alive():
        with contextlib.suppress(OSError):
            os.kill(worker.process.pid, signal.SIGKILL)
    worker.process.join(5)


def _crashed(exitcode: int | None) -> Issue:
    how = f"signal {-exitcode}" if exitcode is not None and exitcode < 0 else f"exit status {exitcode}"
    name = ""
    if exitcode is not None and exitcode < 0:
        try:
            name = f" ({signal.Signals(-exitcode).name})"
        except ValueError:
            name = ""
    return Issue("error", f"the worker process ended on this input ({how}{name})", code="exception",
                 layer="case", hint="the case was skipped and the batch went on; please report this case file")


