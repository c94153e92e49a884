"""The horizontal header labels of the app's item models, one way for all of them."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt


def horizontal_header(
    headers: Sequence[str], section: int, orientation: Qt.Orientation, role: int
) -> str | None:
    """``headers[section]`` for the horizontal header's display role, else None."""
    if (
        orientation == Qt.Orientation.Horizontal
        and role == Qt.ItemDataRole.DisplayRole
        and 0 <= section < len(headers)
    ):
        return headers[section]
    return None
