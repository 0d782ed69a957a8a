"""A fault-injecting HTTP proxy on the loopback, in front of a real FHIR server.

Each request that matches ``applies`` takes the next fault of a cycle:

* ``ok``     - forwarded, the answer passed back;
* ``lose``   - forwarded (the server does the work), then the connection is dropped unanswered;
* ``429``    - answered 429 with ``Retry-After: 0`` without forwarding;
* ``503``    - answered 503 without forwarding;
* ``reset``  - the connection is reset before anything is forwarded;
* ``slow``   - forwarded after a pause (``delay`` seconds).

What it did is counted in ``done`` (fault -> number) and ``forwarded`` (requests the server saw).
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding", "server", "host"}


class FaultProxy:
    def __init__(self, upstream: str, faults: list[str], applies: Callable[[str, str], bool] | None = None,
                 delay: float = 0.05):
        """``upstream`` is the server root (scheme://host:port); paths are passed on unchanged."""
        self.upstream = upstream.rstrip("/")
        self.faults = faults
        self.applies = applies or (lambda method, path: True)
        self.delay = delay
        self.done: Counter[str] = Counter()
        self.forwarded = 0
        self._n = 0
        self._lock = threading.Lock()
        self._http = httpx.Client(timeout=60)
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _handle(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                fault = proxy._next(self.command, self.path)
                if fault == "reset":
                    self._reset()
                    return
                if fault in ("429", "503"):
                    self._answer(int(fault), {"Retry-After": "0", "Content-Type": "text/plain"}, b"fault")
                    return
                if fault == "slow":
                    time.sleep(proxy.delay)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP}
                upstream = proxy._http.request(self.command, proxy.upstream + self.path, headers=headers,
                                               content=body)
                with proxy._lock:
                    proxy.forwarded += 1
                if fault == "lose":
                    self._reset()
                    return
                passed = {k: v for k, v in upstream.headers.items() if k.lower() not in HOP}
                self._answer(upstream.status_code, passed, upstream.content)

            def _answer(self, status: int, headers: dict[str, str], data: bytes) -> None:
                try:
                    self.send_response_only(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _reset(self) -> None:
                self.close_connection = True
                try:
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.connection.close()
                except OSError:
                    pass

            do_GET = do_POST = do_PUT = do_DELETE = _handle  # noqa: N815

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    def _next(self, method: str, path: str) -> str:
        with self._lock:
            if not self.applies(method, path) or not self.faults:
                self.done["ok"] += 1
                return "ok"
            fault = self.faults[self._n % len(self.faults)]
            self._n += 1
            self.done[fault] += 1
            return fault

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FaultProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._http.close()
