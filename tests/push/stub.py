"""A tiny scripted HTTP server on 127.0.0.1 for faults a real server cannot produce on demand
(429 with Retry-After, 503 then success, slow answers, odd CapabilityStatements)."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # dict -> JSON; str -> text
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


def capability(version: str = "4.0.1", interactions: tuple[str, ...] = ("transaction", "batch")) -> Reply:
    return Reply(200, {"resourceType": "CapabilityStatement", "status": "active", "kind": "instance",
                       "fhirVersion": version, "software": {"name": "stub"},
                       "rest": [{"mode": "server", "interaction": [{"code": c} for c in interactions]}]})


def transaction_ok(bundle: dict[str, Any]) -> dict[str, Any]:
    """A transaction-response that 'creates' every entry."""
    entries = []
    for n, entry in enumerate(bundle.get("entry", [])):
        rtype = entry["resource"]["resourceType"]
        entries.append({"response": {"status": "201 Created", "location": f"{rtype}/s{n}/_history/1"}})
    return {"resourceType": "Bundle", "type": "transaction-response", "entry": entries}


class Stub:
    """Replies are scripted per "METHOD path" (a queue; the last one repeats). ``"POST /fhir"``
    may also be the string ``"echo-transaction"`` to answer any transaction with success."""

    def __init__(self) -> None:
        self.script: dict[str, list[Any]] = {}  # Reply, "echo-transaction" or body -> Reply
        self.requests: list[dict[str, Any]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:  # a form (token requests)
                    body = raw.decode("utf-8", "replace")
                key = f"{self.command} {self.path.split('?')[0]}"
                stub.requests.append({"key": key, "headers": dict(self.headers), "body": body})
                queue = stub.script.get(key) or [Reply(404, {"resourceType": "OperationOutcome", "issue": [
                    {"severity": "error", "code": "not-found", "diagnostics": f"no script for {key}"}]})]
                reply = queue.pop(0) if len(queue) > 1 else queue[0]
                if reply == "echo-transaction":
                    reply = Reply(200, transaction_ok(body or {}))
                if callable(reply):  # computed from the request body
                    reply = reply(body)
                assert isinstance(reply, Reply)
                if reply.delay:
                    time.sleep(reply.delay)
                data = (json.dumps(reply.body) if isinstance(reply.body, dict) else (reply.body or "")).encode()
                try:
                    self.send_response(reply.status)
                    ctype = "application/fhir+json" if isinstance(reply.body, dict) else "text/html"
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (timeout tests)

            do_GET = do_POST = do_PUT = _handle  # noqa: N815

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/fhir"

    def on(self, key: str, *replies: Any) -> None:
        self.script[key] = list(replies)

    def count(self, key: str) -> int:
        return sum(1 for r in self.requests if r["key"] == key)

    def __enter__(self) -> Stub:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
