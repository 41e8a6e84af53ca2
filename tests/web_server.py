"""A real HTTP server on 127.0.0.1 for download tests: routes a test sets, never the internet.

Each route answers with a status, headers and a body, or is a callable that writes the
response itself (a server that streams forever, a redirect chain).  The server runs in a
thread for one test and is shut down after it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Writer = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Route:
    """A canned answer."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


class WebServer:
    """Routes by path; ``url(path)`` is the full address of one."""

    def __init__(self) -> None:
        self.routes: dict[str, Route | Writer] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
                server.requests.append(self.path)
                route = server.routes.get(self.path)
                if route is None:
                    route = Route(b"not here", 404, {"Content-Type": "text/plain"})
                if callable(route):
                    route(self)
                    return
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def __enter__(self) -> WebServer:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def stream_forever(handler: BaseHTTPRequestHandler) -> None:
    """An HTML page that never ends (no length): the client must stop reading."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    chunk = b"<p>" + b"more " * 13_000 + b"</p>\n"
    try:
        while True:
            handler.wfile.write(chunk)
    except (BrokenPipeError, ConnectionResetError):
        return


def redirect_to(location: str, status: int = 302) -> Route:
    return Route(b"", status, {"Location": location})


def serve() -> Iterator[WebServer]:
    """The fixture body: a started server, shut down after the test."""
    with WebServer() as server:
        yield server
