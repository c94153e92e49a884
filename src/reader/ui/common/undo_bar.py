"""A slim bar offering to undo an action for a few seconds ("Removed “春晓”. [Undo] ✕")."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget


class UndoBar(QFrame):
    """Shown by :meth:`offer`; emits :attr:`undoRequested` on Undo, else :attr:`expired` when
    the time is up or ✕ is clicked. Hidden again either way."""

    undoRequested = Signal()  # noqa: N815
    expired = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.undo_button = QPushButton("Undo", self)
        self.undo_button.clicked.connect(self._undo)
        self.dismiss_button = QToolButton(self)
        self.dismiss_button.setText("✕")
        self.dismiss_button.setAutoRaise(True)
        self.dismiss_button.clicked.connect(self._expire)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 2, 2)
        row.addWidget(self.label, 1)
        row.addWidget(self.undo_button)
        row.addWidget(self.dismiss_button)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._expire)
        self.hide()

    def offer(self, text: str, seconds: float) -> None:
        """Show ``text`` with Undo for ``seconds`` (restarting the countdown)."""
        self.label.setText(text)
        self.timer.start(int(seconds * 1000))
        self.show()

    def withdraw(self) -> None:
        """Hide without emitting anything."""
        self.timer.stop()
        self.hide()

    def _undo(self) -> None:
        self.withdraw()
        self.undoRequested.emit()

    def _expire(self) -> None:
        self.withdraw()
        self.expired.emit()
