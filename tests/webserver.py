"""A small HTTP server on 127.0.0.1 for the URL and watch tests: pages that change, answer 304,
404, redirect, stall or send too much. Bound to the loopback address only, stopped by the test."""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Page:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0  # seconds before answering
    redirect: str = ""  # a Location to send with 302
    huge: int = 0  # stream this many bytes of filler instead of body
    drip: float = 0.0  # send the body one byte per this many seconds
    validators: bool = True  # send ETag and Last-Modified, answer 304 to them


@dataclass
class Site:
    pages: dict[str, Page] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    answered: list[tuple[str, float, float]] = field(default_factory=list)  # path, start, end
    port: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


class _Handler(BaseHTTPRequestHandler):
    site: Site

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        start = time.monotonic()
        try:
            self._answer()
        finally:
            self.site.answered.append((self.path, start, time.monotonic()))

    def _answer(self) -> None:
        self.site.requests.append((self.path, dict(self.headers)))
        page = self.site.pages.get(self.path)
        if page is None:
            self._send(404, b"not found", "text/plain")
            return
        if page.delay:
            time.sleep(page.delay)
        if page.redirect:
            self.send_response(302)
            self.send_header("Location", page.redirect)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if page.drip:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(page.body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                for byte in page.body:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(page.drip)
            return
        if page.huge:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            chunk = b"<p>" + b"x" * 65530 + b"</p>"
            sent = 0
            try:
                while sent < page.huge:
                    self.wfile.write(chunk)
                    sent += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        etag = '"' + hashlib.sha256(page.body).hexdigest()[:16] + '"'
        if page.validators and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        extra = {"ETag": etag, "Last-Modified": "Mon, 03 Mar 2025 10:00:00 GMT"}
        self._send(page.status, page.body, page.content_type, extra if page.validators else {})

    def _send(
        self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)


class LocalSite:
    """`with LocalSite() as site:` serves site.pages on 127.0.0.1 until the block ends."""

    def __init__(self) -> None:
        self.site = Site()
        handler = type("Handler", (_Handler,), {"site": self.site})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.site.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Site:
        self.thread.start()
        return self.site

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
