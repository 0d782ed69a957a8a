"""The conversion worker forked as the command starts (fhirconv.spare) converts as a worker forked
later does: the same bytes, the same settings (remembered verdicts, layouts kept on disk), the same
limits; and no worker outlives the command, however it ends."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MYELOMA = ROOT / "samples" / "multiple-myeloma.yaml"

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the spare worker is Linux-only")


def _run(args: list[str], cache: Path, spare: bool, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "FHIRCONV_CACHE_DIR": str(cache)}
    env.pop("FHIRCONV_NO_SPARE", None)
    if not spare:
        env["FHIRCONV_NO_SPARE"] = "1"
    return subprocess.run([sys.executable, "-m", "fhirconv", *args], capture_output=True, env=env, timeout=300,
                          cwd=ROOT, **kw)


def _ours(marker: str) -> list[int]:
    """Processes started with ``marker`` in their environment (the command and its workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def test_spare_is_wanted_only_for_conversions_on_two_cores(monkeypatch):
    from fhirconv import spare

    monkeypatch.delenv("FHIRCONV_NO_SPARE", raising=False)
    cores = len(os.sched_getaffinity(0)) >= 2
    assert spare.wanted(["convert", "case.yaml"]) is cores
    assert not spare.wanted(["validate", "x.json"])
    assert not spare.wanted(["convert", "--help"])
    assert not spare.wanted([])
    monkeypatch.setenv("FHIRCONV_NO_SPARE", "1")
    assert not spare.wanted(["convert", "case.yaml"])


@pytest.mark.parametrize("extra", [[], ["--fhir-version", "R5"], ["--profile", "ips"], ["--format", "ndjson"]],
                         ids=["r4", "r5", "ips", "ndjson"])
def test_same_output_with_and_without_the_spare(tmp_path, extra):
    outs = []
    for spare in (True, False):
        out = tmp_path / f"out-{spare}" / ("" if "ndjson" in extra else "bundle.json")
        proc = _run(["convert", str(MYELOMA), "-o", str(out) + ("/" if "ndjson" in extra else ""), *extra],
                    tmp_path / f"cache-{spare}", spare)
        assert proc.returncode == 0, proc.stderr
        where = str(tmp_path / f"out-{spare}").encode()
        # (an NDJSON manifest says when it was written)
        files = sorted((tmp_path / f"out-{spare}").rglob("*"))
        when = rb'"transactionTime": "[^"]*"'
        outs.append((proc.stderr, {p.name: re.sub(when, b"", p.read_bytes().replace(where, b"O")) for p in files}))
    assert outs[0] == outs[1]


def test_stdin_to_stdout_with_the_spare(tmp_path):
    proc = _run(["convert", "-", "-q"], tmp_path, True, input=MYELOMA.read_bytes())
    assert proc.returncode == 0, proc.stderr
    ref = _run(["convert", str(MYELOMA), "-q"], tmp_path / "ref", False)
    assert proc.stdout.replace(b"<stdin>", b"") == ref.stdout.replace(str(MYELOMA).encode(), b"")
    assert proc.stdout.startswith(b"{")


def test_the_spare_takes_the_settings_the_command_chose(tmp_path):
    """One case: its verdicts are remembered (the spare was forked before the command turned that
    on); a batch: layouts are kept on disk. What a run with a later-forked worker leaves in the cache
    directory, a run with the spare leaves too."""
    cases = tmp_path / "cases"
    cases.mkdir()
    for n in range(3):
        (cases / f"c{n}.yaml").write_text(MYELOMA.read_text().replace("id: ", f"id: n{n}-", 1))
    left = []
    for spare in (True, False):
        cache = tmp_path / f"cache-{spare}"
        one = _run(["convert", str(MYELOMA), "-o", str(tmp_path / f"one-{spare}.json")], cache, spare)
        assert one.returncode == 0, one.stderr
        many = _run(["convert", str(cases), "-o", str(tmp_path / f"many-{spare}") + "/", "-j", "1"], cache, spare)
        assert many.returncode == 0, many.stderr
        files = {p.name: p for p in cache.iterdir()}
        verdicts = next(p for name, p in files.items() if name.startswith("verdicts-"))
        import json

        left.append((set(files), set(json.loads(verdicts.read_text()))))
    with_spare, without = left
    assert without[0] <= with_spare[0]  # every file (layouts of the batch, verdicts of the one case)
    assert without[1] <= with_spare[1]  # every verdict of the case's resources
    assert len(without[1]) > 20


def test_limits_given_on_the_command_line_hold_in_the_spare(tmp_path):
    proc = _run(["convert", str(MYELOMA), "-o", str(tmp_path / "x.json"), "--max-string", "40"], tmp_path, True)
    assert proc.returncode == 1
    assert b"40" in proc.stderr and not (tmp_path / "x.json").exists()


def test_a_usage_error_leaves_no_worker_behind(tmp_path):
    marker = f"FHIRCONV_TEST_MARK={uuid.uuid4().hex}"
    name, value = marker.split("=")
    with open(tmp_path / "err", "wb") as err:  # not a pipe: the run ends when the command ends
        proc = subprocess.run([sys.executable, "-m", "fhirconv", "convert", str(MYELOMA), "--bundle-type", "document"],
                              stdout=subprocess.DEVNULL, stderr=err, timeout=60, cwd=ROOT,
                              env={**os.environ, name: value, "FHIRCONV_CACHE_DIR": str(tmp_path)})
    assert proc.returncode == 2
    assert b"--profile ips" in (tmp_path / "err").read_bytes()
    assert _ours(marker) == []


CASES = 3000


def test_an_interrupt_stops_every_worker_and_writes_nothing_half(tmp_path):
    cases = tmp_path / "cases"
    cases.mkdir()
    # Many more cases than run before the interrupt lands, so a loaded host cannot finish them first.
    for n in range(CASES):
        (cases / f"c{n:04}.yaml").write_text(MYELOMA.read_text().replace("id: ", f"id: n{n}-", 1))
    marker = f"FHIRCONV_TEST_MARK={uuid.uuid4().hex}"
    name, value = marker.split("=")
    out = tmp_path / "out"
    with open(tmp_path / "err", "wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "fhirconv", "convert", str(cases), "-o", f"{out}/", "-j", "1",
                                 "-q"], stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT,
                                env={**os.environ, name: value, "FHIRCONV_CACHE_DIR": str(tmp_path / "cache")})
        deadline = time.monotonic() + 60
        while not (out.exists() and any(out.glob("*.json"))) and time.monotonic() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) == 130
    assert b"Interrupted" in (tmp_path / "err").read_bytes()
    assert b"Traceback" not in (tmp_path / "err").read_bytes()
    written = sorted(out.glob("*"))
    assert 0 < len(written) < CASES
    assert all(p.suffix == ".json" and p.read_bytes().rstrip().endswith(b"}") for p in written)
    deadline = time.monotonic() + 5
    while _ours(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _ours(marker) == []
