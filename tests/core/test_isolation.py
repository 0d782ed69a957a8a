"""The worker pool: each worker's next input waits in its pipe, and nothing is lost or reordered by
that, whatever the inputs' sizes and whatever happens to a worker."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from fhirconv.isolation import _QUEUED_BYTES, Pool
from fhirconv.issues import Issue


def _echo(item: tuple[str, str]) -> tuple[int, str]:
    """The answer is as large as the input."""
    name, text = item
    if name == "die":
        os._exit(3)
    return os.getpid(), name + ":" + text


def _failed(item: tuple[str, str], issue: Issue) -> tuple[int, str]:
    return 0, "failed:" + item[0]


def _run(items: list[tuple[str, str]], jobs: int) -> list[tuple[int, str]]:
    pool = Pool(jobs, _echo, _failed, lambda: None)
    out: list[tuple[int, str]] = []
    thread = threading.Thread(target=lambda: out.extend(pool.map(items)), daemon=True)
    thread.start()
    thread.join(60)
    if thread.is_alive():  # the parent and a worker wait on each other: stop them and fail
        pool.close()
        raise AssertionError("the pool stopped moving")
    return out


def test_large_inputs_and_answers_do_not_wait_on_each_other():
    """Inputs and answers far beyond a pipe's buffer, one worker: a large input is only sent to a
    worker with nothing to do, so neither side blocks writing while the other blocks too."""
    big = "x" * (4 * 1024 * 1024)
    items = [(f"big{i}", big) for i in range(4)] + [("small", "y" * 10)] + [(f"big{i}", big) for i in range(4, 6)]
    assert len(big) > 4 * _QUEUED_BYTES
    got = _run(items, jobs=1)
    assert [text for _, text in got] == [f"{n}:{t}" for n, t in items]


def test_a_worker_that_dies_fails_its_case_and_the_waiting_one_goes_on():
    items = [("a", "1"), ("die", "2"), ("b", "3"), ("c", "4"), ("die", "5"), ("d", "6")]
    for jobs in (1, 2):
        got = _run(items, jobs=jobs)
        assert [text for _, text in got] == ["a:1", "failed:die", "b:3", "c:4", "failed:die", "d:6"]


def _mark(item: tuple[str, str]) -> str:
    directory, name = item
    Path(directory, "started-" + name).touch()
    return name


def test_a_worker_begins_its_next_case_before_the_parent_has_taken_the_answer(tmp_path):
    """While the caller still holds the answer of case k (the generator is not resumed), the worker
    has already begun case k + 1: it was sent ahead, so a worker never waits for the parent."""
    items = [(str(tmp_path), str(i)) for i in range(6)]
    pool = Pool(1, _mark, _failed, lambda: None)
    seen = []
    for k, name in enumerate(pool.map(items)):
        seen.append(name)
        if k + 1 < len(items):
            deadline = time.monotonic() + 30
            while not (tmp_path / f"started-{k + 1}").exists() and time.monotonic() < deadline:
                time.sleep(0.01)
            assert (tmp_path / f"started-{k + 1}").exists(), f"case {k + 1} was not sent before answer {k} was taken"
    assert seen == [str(i) for i in range(6)]
