"""One Reader window per notes database: a later launch hands its request to the first.

The window that holds the database's lock (:mod:`reader.storage.files.lock`) listens on a local
socket named after the database; a second ``reader [FILE]`` on the same database finds the
lock taken, sends the file it was asked to open, and exits. Only the lock holder ever
removes a stale socket name, so two windows never fight over it. Local sockets only (a Unix
domain socket or a Windows named pipe): no network.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from reader.paths.digests import sha256_hex

#: How long a second launch waits for the first window to answer (milliseconds).
HAND_OVER_TIMEOUT_MS = 3000
#: How long a second launch keeps trying while the first window is still starting (seconds).
START_GRACE_S = 10.0


def server_name(db_path: Path) -> str:
    """The local socket's name for database ``db_path`` (per user, per database)."""
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    digest = sha256_hex(f"{user}\0{db_path.resolve()}".encode())[:20]
    return f"reader-{digest}"


def hand_over(db_path: Path, file_arg: str | None) -> bool:
    """Ask the window holding ``db_path`` to open ``file_arg`` (or just come forward).

    True when it acknowledged the request; False when nobody answered. The first window
    listens only once its store is open, so a launch during its start-up tries again for
    :data:`START_GRACE_S`.
    """
    import time

    deadline = time.monotonic() + START_GRACE_S
    socket = QLocalSocket()
    while True:
        socket.connectToServer(server_name(db_path))
        if socket.waitForConnected(HAND_OVER_TIMEOUT_MS):
            break
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    path = str(Path(file_arg).resolve()) if file_arg else None
    socket.write(json.dumps({"open": path}).encode("utf-8") + b"\n")
    if not socket.waitForBytesWritten(HAND_OVER_TIMEOUT_MS):
        return False
    answered = socket.waitForReadyRead(HAND_OVER_TIMEOUT_MS) and bytes(
        socket.readAll().data()
    ).startswith(b"ok")
    socket.disconnectFromServer()
    return answered


class InstanceServer(QObject):
    """Listens for later launches; emits ``requested`` with the file each asked for."""

    requested = Signal(object)  # str | None: a file path to open, or None to come forward

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        name = server_name(db_path)
        QLocalServer.removeServer(name)  # a stale name of a crashed window: we hold the lock
        self.listening = self.server.listen(name)
        self.server.newConnection.connect(self._accept)

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        line = bytes(socket.readLine().data())
        try:
            message = json.loads(line.decode("utf-8"))
            target = message.get("open") if isinstance(message, dict) else None
        except (UnicodeDecodeError, ValueError):
            socket.abort()
            return
        socket.write(b"ok\n")
        socket.flush()
        self.requested.emit(target if isinstance(target, str) else None)

    def close(self) -> None:
        """Stop listening (the name is freed for the next window)."""
        self.server.close()
