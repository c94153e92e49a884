"""PySide6 reads the source of every module imported after it; here it stops keeping it.

Qt for Python's ``__feature__`` support (``shibokensupport/feature.py``, PySide6 6.4 on) asks,
for each module imported once Qt is, whether its source names PySide6
(``_mod_uses_pyside``: ``inspect.getsource(module)``). ``inspect`` reads the file through
:mod:`linecache`, which keeps every line of it for the life of the process: numpy's, the
standard library's and the reader's own modules, imported after Qt, held ~12 MiB of a
session's memory as 124,000 strings nobody reads. :func:`check_without_keeping` gives that
check the same answer, from the module's loader, without a cache.
"""

from __future__ import annotations

import linecache
import sys
from types import ModuleType

__all__ = ["check_without_keeping", "uses_pyside"]


def uses_pyside(module: ModuleType) -> bool:
    """Whether ``module``'s source names PySide6 (False when it has no source to read): what
    PySide's own check answers, read from the module's loader and not kept."""
    get_source = getattr(getattr(module, "__loader__", None), "get_source", None)
    name = getattr(module, "__name__", None)
    if get_source is None or not isinstance(name, str):
        return False
    try:
        source = get_source(name)
    except (ImportError, OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return False
    return isinstance(source, str) and "PySide6" in source


def check_without_keeping() -> bool:
    """Make PySide's per-import check use :func:`uses_pyside`, once Qt is imported, and drop
    what it kept so far. False when this PySide has no such check (nothing to do)."""
    feature = sys.modules.get("PySide6.support.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    names = vars(feature)
    if names["_mod_uses_pyside"] is not uses_pyside:
        names["_mod_uses_pyside"] = uses_pyside
        linecache.clearcache()
    return True
