"""The tables a process keeps (reader.language.long_lived): out of the cyclic collector's full
passes once the process chose it, and never frozen for a process that did not."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from reader.language import long_lived


@pytest.fixture
def frozen_state() -> Iterator[None]:
    assert gc.get_freeze_count() == 0, "the test process must not start frozen"
    yield
    long_lived.freeze_after_loads(False)
    gc.unfreeze()


def test_settle_does_nothing_unless_the_process_chose_it(frozen_state: None) -> None:
    table = {str(i): [i] for i in range(1000)}
    long_lived.settle()
    assert gc.get_freeze_count() == 0
    assert any(o is table for o in gc.get_objects(generation=2) + gc.get_objects(generation=1)
               + gc.get_objects(generation=0))


def test_a_settled_table_is_out_of_the_full_passes_and_still_dies(frozen_state: None) -> None:
    import weakref

    class Table(dict[str, list[int]]):
        pass

    table = Table({str(i): [i] for i in range(1000)})
    gone = weakref.ref(table)
    long_lived.freeze_after_loads()
    long_lived.settle()
    assert gc.get_freeze_count() > 0
    assert not any(o is table for o in gc.get_objects())  # not walked by a collection
    del table
    assert gone() is None  # its last reference gone: freed as always


def test_the_window_launcher_chooses_it(qtbot, settings, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import sys

    from reader.ui.app import launch
    from reader.ui.window.main_window import MainWindow

    chosen: list[bool] = []
    monkeypatch.setattr(long_lived, "freeze_after_loads", lambda enabled=True: chosen.append(enabled))
    monkeypatch.setattr(sys, "setswitchinterval", lambda _seconds: None)  # the tests' own stays
    window = MainWindow(settings)
    qtbot.addWidget(window)
    launch.start_after_first_paint(window)
    assert chosen == [True]
