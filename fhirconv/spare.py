"""The first conversion worker, forked as ``fhirconv convert`` starts, warms up while the command
reads its options.

Why: a one-case conversion spends most of its time in its worker process (fhirconv.isolation)
importing and preparing what a conversion needs, and the parent forks that worker only after it has
imported click, parsed the options and found the input. Forked before any of that, the worker does
its share on the other core at the same time; the pool takes it as its first worker and sends it the
work and the settings the parent chose meanwhile. Only on Linux, and only with two cores or more to
use (on one core it would only compete with the parent); elsewhere nothing changes.

The worker warms up by converting a small built-in case (so the modules, tables and checks a case
uses are loaded), with remembered validation verdicts (fhirconv.validate.verdicts) so that after the
first run its validation costs nothing; what it made is frozen, never scanned by the collector again.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any

# A small case through every mapper and validation layer: its words are all in the built-in tables
# (no ICD-10-CM index is opened or built for it).
WARM_UP_CASE = """fhirconv: "1"
id: warm-up
patient: {sex: female, birth_date: "1970"}
conditions:
  - {id: c1, condition: fever, onset: 2020-01-01}
observations:
  - {id: o1, observation: heart rate, value: 80, unit: /min, date: 2020-01-01}
medications:
  - {id: m1, drug: paracetamol, dose: {value: 1, unit: g}, route: oral, start: 2020-01-01}
procedures:
  - {id: p1, procedure: biopsy, date: 2020-01-02}
"""


class Forked:
    """The forked worker, with what :class:`fhirconv.isolation.Pool` uses of a multiprocessing process."""

    def __init__(self, pid: int, sentinel: int):
        self.pid = pid
        self.sentinel = sentinel  # readable (at end of file) once the worker has ended
        self.exitcode: int | None = None

    def _reap(self, block: bool) -> None:
        if self.exitcode is None:
            with contextlib.suppress(ChildProcessError):  # reaped elsewhere already: ended
                pid, status = os.waitpid(self.pid, 0 if block else os.WNOHANG)
                if pid:
                    self.exitcode = os.waitstatus_to_exitcode(status)

    def is_alive(self) -> bool:
        self._reap(block=False)
        return self.exitcode is None

    def join(self, timeout: float | None = None) -> None:
        from multiprocessing.connection import wait

        if self.exitcode is None and wait([self.sentinel], timeout):
            self._reap(block=True)


_spare: tuple[Forked, Any] | None = None  # the worker and the parent's end of its socket


def wanted(args: list[str]) -> bool:
    """A spare pays for itself only for ``convert`` runs that convert, on a system with fork and a
    second core."""
    if not args or args[0] != "convert" or not sys.platform.startswith("linux"):
        return False
    if any(a in ("-h", "--help") for a in args[1:]) or os.environ.get("FHIRCONV_NO_SPARE"):
        return False
    return len(os.sched_getaffinity(0)) >= 2


def start(args: list[str]) -> None:
    """Fork the spare worker if this run wants one (see :func:`wanted`)."""
    global _spare
    if _spare is not None or not wanted(args):
        return
    import atexit
    import socket

    ours, theirs = socket.socketpair()
    sentinel, held = os.pipe()
    pid = os.fork()
    if pid == 0:  # the spare: never returns into the command
        code = 1
        try:
            os.close(sentinel)
            ours.close()
            code = _run(theirs)
        finally:
            os._exit(code)
    os.close(held)
    theirs.close()
    _spare = (Forked(pid, sentinel), ours)
    atexit.register(discard)


def take() -> tuple[Forked, Any] | None:
    """The spare worker and the parent's connection to it, for the pool to adopt (once), or None."""
    global _spare
    got, _spare = _spare, None
    if got is None:
        return None
    from multiprocessing.connection import Connection

    process, sock = got
    if not process.is_alive():
        sock.close()
        return None
    return process, Connection(sock.detach())


def discard() -> None:
    """Stop a spare no pool took (a usage error, nothing to convert, an interrupt)."""
    global _spare
    got, _spare = _spare, None
    if got is None:
        return
    import signal

    process, sock = got
    sock.close()
    if process.is_alive():
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGKILL)
        process.join(5)


def _run(sock: Any) -> int:
    """The spare's life: warm up, wait for the work, then serve as a pool worker."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it stops its workers
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)  # the command's input and output are the parent's alone
    os.dup2(devnull, 1)
    os.close(devnull)
    try:
        warm_up()
        from multiprocessing.connection import Connection

        conn = Connection(sock.detach())
        try:
            work, setup, teardown = conn.recv()
        except (EOFError, OSError):
            return 0  # not needed after all
        from fhirconv.isolation import _serve

        _serve(conn, work, setup, teardown)
        return 0
    finally:
        sys.stderr.flush()


def warm_up() -> None:
    """Convert :data:`WARM_UP_CASE` as a case is converted, then freeze what that made."""
    import gc

    gc.disable()  # the warm-up makes many objects and hardly any cycles
    try:
        with contextlib.suppress(Exception):  # a warm-up that fails leaves a colder worker, no more
            from fhirconv.batch import CaseInput, Options, convert_one
            from fhirconv.validate import verdicts

            before = verdicts.enabled()
            verdicts.enable()
            try:
                convert_one(CaseInput("<warm-up>", text=WARM_UP_CASE), Options(output="json"))
            finally:
                verdicts.enable(before)
    finally:
        gc.freeze()
        gc.enable()
