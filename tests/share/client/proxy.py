"""A TCP proxy between the client and a gallery that can break one exchange at a chosen byte.

``Proxy(upstream_port, match=b"POST /api/v1/creations", direction="up", after=600,
on_cut=kill)`` forwards everything, until the first request that starts with ``match`` has sent
``after`` bytes in ``direction`` (``"up"``: the request, ``"down"``: the answer; requests are
matched at the start of any chunk a client sends). Then it calls ``on_cut`` (say, kills the
gallery) and drops that connection, or, with ``hold=True``, stops forwarding and sets ``held``
(to kill the client while it waits).
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable


class Proxy:
    def __init__(
        self,
        upstream_port: int,
        *,
        match: bytes,
        direction: str,
        after: int,
        on_cut: Callable[[], None] = lambda: None,
        hold: bool = False,
        armed: bool = True,
    ) -> None:
        self.upstream_port = upstream_port
        self.match, self.direction, self.after = match, direction, after
        self.on_cut, self.hold = on_cut, hold
        self.armed = armed
        self.cut = threading.Event()
        self.held = threading.Event()
        self.lock = threading.Lock()
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._sockets: list[socket.socket] = [self.listener]
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        for s in self._sockets:
            with contextlib.suppress(OSError):
                s.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=5)
            except OSError:
                client.close()
                continue
            self._sockets += [client, upstream]
            pair = _Pair(self, client, upstream)
            threading.Thread(target=pair.pump, args=(client, upstream, "up"), daemon=True).start()
            threading.Thread(target=pair.pump, args=(upstream, client, "down"), daemon=True).start()


class _Pair:
    def __init__(self, proxy: Proxy, client: socket.socket, upstream: socket.socket) -> None:
        self.proxy, self.client, self.upstream = proxy, client, upstream
        self.chosen = False
        self.sent = {"up": 0, "down": 0}
        self.dead = False

    def send(self, to: socket.socket, data: bytes, direction: str) -> bool:
        p = self.proxy
        if direction == "up" and not self.chosen:  # requests on a connection come one by one
            with p.lock:
                if p.armed and data.startswith(p.match):
                    p.armed, self.chosen = False, True
                    self.sent = {"up": 0, "down": 0}
        if self.chosen and direction == p.direction and not self.dead:
            room = p.after - self.sent[direction]
            if len(data) >= room:
                with contextlib.suppress(OSError):
                    to.sendall(data[: max(room, 0)])
                self.dead = True
                if p.hold:
                    p.held.set()
                    return False
                p.on_cut()
                p.cut.set()
                for s in (self.client, self.upstream):
                    with contextlib.suppress(OSError):
                        s.shutdown(socket.SHUT_RDWR)
                    with contextlib.suppress(OSError):
                        s.close()
                return False
        if self.dead:
            return False
        self.sent[direction] += len(data)
        try:
            to.sendall(data)
        except OSError:
            return False
        return True

    def pump(self, src: socket.socket, dst: socket.socket, direction: str) -> None:
        while True:
            try:
                data = src.recv(65536)
            except OSError:
                return
            if not data:
                with contextlib.suppress(OSError):
                    dst.shutdown(socket.SHUT_WR)
                return
            if not self.send(dst, data, direction):
                if self.dead and self.proxy.hold:
                    continue  # swallow the rest, forward nothing
                return
