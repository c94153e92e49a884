"""Let PyInstaller find ``reader.resources``, which need not live inside ``reader/``.

pyproject maps the package ``reader.resources`` to the top-level ``resources/`` folder. A
regular install copies it to ``site-packages/reader/resources``; an editable install (``pip
install -e .``, as the Makefile does) leaves it in place and finds it through setuptools' import
hook, which PyInstaller's module graph does not consult. So: ask importlib where the package
is, and add its parent folder to ``reader``'s search path for the analysis.
"""

import importlib.util
from pathlib import Path


def pre_safe_import_module(api):
    spec = importlib.util.find_spec("reader.resources")
    if spec is not None and spec.submodule_search_locations:
        location = Path(next(iter(spec.submodule_search_locations)))
        api.append_package_path(str(location.parent))
