"""Real FHIR servers for the push tests: sekmet-fhir (FastAPI + SQLite; also in its SMART Backend
Services mode) and Medplum's FHIR engine (Node, in memory), started and stopped here.

sekmet-fhir lives in its own virtual environment (.ci/install-sekmet.sh), because its
dependencies are not ours. If it is missing it is installed here, not skipped.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
VENV = Path(os.environ.get("SEKMET_VENV", REPO / ".sekmet" / "venv"))
SEKMET = VENV / "bin" / "sekmet"
START_TIMEOUT = 60.0

SETTINGS = """\
base_url: {base}
host: 127.0.0.1
port: {port}
data_dir: {data}
simulator: {{enabled: false}}
validation: {{inbound: strict}}
server_auth: {auth}
log_inbound: false
"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_sekmet() -> Path:
    if not SEKMET.exists():
        result = subprocess.run(["bash", str(REPO / ".ci" / "install-sekmet.sh")], capture_output=True,
                                text=True, env={**os.environ, "SEKMET_VENV": str(VENV)})
        if result.returncode != 0 or not SEKMET.exists():
            pytest.fail(f"could not install sekmet-fhir with .ci/install-sekmet.sh:\n"
                        f"{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return SEKMET


@dataclass
class Server:
    base: str
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def start_server(workdir: Path, auth: str = "{types: [none]}") -> Server:
    """sekmet on a free 127.0.0.1 port with a fresh data directory; waits for /fhir/metadata.
    ``auth`` is its ``server_auth`` setting (YAML flow style)."""
    sekmet = ensure_sekmet()
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}/fhir"
    settings = workdir / "settings.yaml"
    settings.write_text(SETTINGS.format(base=base, port=port, data=workdir / "data", auth=auth))
    log = workdir / "sekmet.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(sekmet), "serve", "-c", str(settings), "--host", "127.0.0.1", "--port", str(port)],
            cwd=workdir, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
    server = Server(base, process, log)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"sekmet exited with {process.returncode} while starting; log:\n{server.log_tail()}")
        try:
            if httpx.get(f"{base}/metadata", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    server.stop()
    pytest.fail(f"sekmet did not answer GET {base}/metadata within {START_TIMEOUT:.0f} s; "
                f"log tail:\n{server.log_tail()}")


@pytest.fixture(scope="session")
def sekmet_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start_server(tmp_path_factory.mktemp("sekmet"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def fhir_base(sekmet_server: Server) -> str:
    return sekmet_server.base


@pytest.fixture
def fresh_server(tmp_path: Path) -> Iterator[Server]:
    """A server of its own, for tests that stop it."""
    server = start_server(tmp_path / "sekmet")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def fhirconv_cli():
    """Run ``fhirconv`` as a real process (exit codes and stderr exactly as users see them)."""

    def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("FHIRCONV_")}
        full_env.update(env or {})
        return subprocess.run([sys.executable, "-m", "fhirconv", *args], capture_output=True, text=True,
                              env=full_env, timeout=120)

    return run


# -- Medplum's FHIR engine (tests/push/medplum: @medplum/fhir-router, in-memory) ----------------

MEDPLUM_DIR = Path(__file__).resolve().parent / "medplum"


def ensure_medplum() -> Path:
    """node_modules of tests/push/medplum, installed by .ci/install-medplum.sh (`npm ci`, pinned)."""
    if not (MEDPLUM_DIR / "node_modules" / "@medplum" / "fhir-router").is_dir():
        result = subprocess.run(["bash", str(REPO / ".ci" / "install-medplum.sh")], capture_output=True,
                                text=True, timeout=600)
        if result.returncode != 0:
            pytest.fail(f"could not install the Medplum engine with .ci/install-medplum.sh:\n"
                        f"{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return MEDPLUM_DIR


def start_medplum(workdir: Path) -> Server:
    ensure_medplum()
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = workdir / "medplum.log"
    with log.open("wb") as out:
        process = subprocess.Popen(["node", "server.mjs", str(port)], cwd=MEDPLUM_DIR, stdout=out,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = Server(f"http://127.0.0.1:{port}/fhir", process, log)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the Medplum engine exited with {process.returncode}; log:\n{server.log_tail()}")
        try:
            if httpx.get(f"{server.base}/metadata", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    server.stop()
    pytest.fail(f"the Medplum engine did not answer within {START_TIMEOUT:.0f} s; log:\n{server.log_tail()}")


@pytest.fixture
def medplum_server(tmp_path: Path) -> Iterator[Server]:
    """A fresh Medplum engine (empty in-memory repository) per test."""
    server = start_medplum(tmp_path / "medplum")
    try:
        yield server
    finally:
        server.stop()
