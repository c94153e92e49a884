"""The reliability suite: kills, damage, hostile input, concurrent processes.

Every test here is marked ``slow`` (CI runs them; ``pytest -m 'not slow'`` skips them locally).
"""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/reliability/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.slow)
