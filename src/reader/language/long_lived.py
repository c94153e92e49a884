"""The tables a process loads once and keeps (the lexicon, the polyphone model, the word model,
the coverage's word list) kept out of the cyclic garbage collector's full passes.

CPython's full collection walks every container the collector tracks, and these tables are
most of them: sets and dicts of a few hundred thousand strings. With them a full pass took
40-160 ms holding the GIL (a long document's session ran 16 of them in 100 s, each finding
nothing: the tables hold no cycles), and the window froze for that long each time. ``gc.freeze``
moves everything alive at that moment out of the collector's reach for good; objects still die
when their last reference goes, as always. What it costs: a reference cycle that was alive then
and becomes garbage later is never collected (at start-up, a few objects at most).

So it is the process's choice, not a library's: the window's launcher calls
:func:`freeze_after_loads` once; without it :func:`settle` does nothing (tests, the command
line, another program using the package).
"""

from __future__ import annotations

import gc

_enabled: list[bool] = [False]


def freeze_after_loads(enabled: bool = True) -> None:
    """Whether each :func:`settle` freezes what is alive (the process's owner decides)."""
    _enabled[0] = enabled


def settle() -> None:
    """Called after a table that lives as long as the process was loaded: when enabled,
    everything alive now is kept out of the collector's passes (``gc.freeze``)."""
    if _enabled[0]:
        gc.freeze()
