"""Serve the written site with Python's own http.server, on the loopback interface unless another
is asked for by name (as `yusuan ui`): the pages are the warehouse's figures, not for the network."""

from __future__ import annotations

import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _Handler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:
        pass  # a line per request would bury the address the command printed


def serve(site: Path, host: str, port: int, ready=lambda url: None) -> None:
    """Serve `site` until interrupted; `ready` is told the address once the socket listens."""
    handler = functools.partial(_Handler, directory=str(site))
    with ThreadingHTTPServer((host, port), handler) as server:
        ready(f"http://{host}:{server.server_address[1]}/")
        server.serve_forever()
