"""A slow gallery on demand: a TCP proxy in front of a real one that holds each upload at a gate.

``GatedProxy(gallery.port)`` forwards every byte both ways. While ``gate`` is cleared, a request
that starts with ``match`` (by default the upload, ``POST /api/v1/creations``) waits before its
first byte goes on: ``held`` is set then, and the request goes on when ``gate`` is set again.
``uploads`` counts the requests that matched. Sign in to ``url`` to publish through it.
"""

from __future__ import annotations

import contextlib
import socket
import threading

HOLD_LIMIT = 30.0
"""Seconds a request waits at a closed gate at most (a test that forgets to open it ends)."""


class GatedProxy:
    def __init__(self, upstream_port: int, *, match: bytes = b"POST /api/v1/creations") -> None:
        self.upstream_port = upstream_port
        self.match = match
        self.gate = threading.Event()
        self.gate.set()
        self.held = threading.Event()
        self.uploads = 0
        self._lock = threading.Lock()
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self._sockets: list[socket.socket] = [self.listener]
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self.gate.set()
        for s in self._sockets:
            with contextlib.suppress(OSError):
                s.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
                upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=5)
            except OSError:
                return
            upstream.settimeout(None)  # an answer may wait as long as the gate holds the request
            self._sockets += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, up: bool) -> None:
        while True:
            try:
                data = src.recv(65536)
            except OSError:
                return
            if not data:
                with contextlib.suppress(OSError):
                    dst.shutdown(socket.SHUT_WR)
                return
            if up and data.startswith(self.match):
                self._at_gate()
            try:
                dst.sendall(data)
            except OSError:
                return

    def _at_gate(self) -> None:
        with self._lock:
            self.uploads += 1
        if not self.gate.is_set():
            self.held.set()
            self.gate.wait(HOLD_LIMIT)
