"""Ending the process once everything is saved: the interpreter's teardown skipped.

By the time the launcher's event loop has returned, the window has saved its state
(``closeEvent``: positions and scripts written, the settings synced, the runner's work waited
for) and the notes database is closed. What the normal exit does then is tear down objects
that nothing will read again: PySide's exit functions delete the application object and its
widgets (a few ms), then the interpreter frees every module and object one by one (~60 ms
for the reader, against ~30 ms for the whole exit of a bare QTextBrowser). :func:`end_now`
does the first part and skips the second with ``os._exit``, only when that loses nothing:

* work still queued or running on the runner's lanes (Qt's global thread pool and the long
  work's own, :mod:`reader.ui.common.worker`) is waited for, as the application object's own
  teardown would;
* a Python thread that is not a daemon would be joined by the normal exit: then it is taken;
* the functions registered with :mod:`atexit` run, as the interpreter runs them first:
  PySide's delete the application object (the clipboard's content goes to the desktop's
  clipboard manager as usual), the settings' and the widgets' destructors run;
* stdout and stderr are flushed; if that fails, the normal exit reports it.

Whoever calls it has saved and closed what is theirs first (the launcher: the window closed,
the store closed). A failure before that point raises as always and never gets here.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from collections.abc import Callable

from reader.ui.common.worker import wait_for_all


def running_thread() -> str | None:
    """The name of a thread the normal exit would wait for (not a daemon, not this one)."""
    current = threading.current_thread()
    for thread in threading.enumerate():
        if thread is not current and not thread.daemon and thread.is_alive():
            return thread.name
    return None


def end_now(
    code: int,
    exit_functions: Callable[[], object] = atexit._run_exitfuncs,
    exit_now: Callable[[int], object] = os._exit,
) -> int:
    """End the process with ``code`` without the interpreter's teardown when nothing is lost
    by it (see the module's docstring); otherwise return ``code`` for the normal exit.

    ``exit_functions`` and ``exit_now`` are the interpreter's own unless a test gives others.
    """
    wait_for_all()  # what the application's teardown waits for
    if running_thread() is not None:
        return code
    exit_functions()  # what the interpreter's exit runs first (Qt's objects deleted)
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):  # a closed or broken stream: the normal exit reports it
        return code
    exit_now(code)
    return code  # only when ``exit_now`` returns (tests)
