"""What the app sets once its first paint is done, for a benchmark that makes its window
itself (``bench_long.py``, ``bench_gui_stall.py``): the GIL's switch interval and the tables
the workers load kept out of the garbage collector's full passes. A checkout from before
either has CPython's defaults, as that checkout's app had.
"""

from __future__ import annotations

import sys


def after_first_paint() -> None:
    """Set what :func:`reader.ui.app.launch.start_after_first_paint` sets (where it does)."""
    try:
        from reader.ui.app import launch
    except ImportError:  # a checkout before the package layout: CPython's 5 ms
        pass
    else:
        sys.setswitchinterval(getattr(launch, "SWITCH_INTERVAL_S", sys.getswitchinterval()))
    try:
        from reader.language import long_lived
    except ImportError:
        pass
    else:
        long_lived.freeze_after_loads()
