"""The one-dir bundle as a Debian package and as a portable .tar.gz (no network, plain dpkg-deb).

    python packaging/deb.py [--bundle dist/reader] [--out dist] [--binaries .../binaries.json]

packaging/build.py calls :func:`build_packages` after PyInstaller (``make package``). The .deb:

    /opt/hanzi-reader/                 the bundle (reader, _internal/, LICENSE,
                                       THIRD_PARTY_NOTICES, licenses/)
    /usr/bin/reader                    -> /opt/hanzi-reader/reader
    /usr/share/applications/reader.desktop
    /usr/share/icons/hicolor/{16..256}x{16..256}/apps/reader.png, scalable/apps/reader.svg
    /usr/share/doc/hanzi-reader/copyright   Debian's machine-readable format: every component

No maintainer scripts: dpkg's triggers (hicolor-icon-theme, desktop-file-utils) refresh the
icon and desktop caches. ``packaging/check_deb.py`` installs, runs and removes it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
PROJECT = PACKAGING.parent
sys.path.insert(0, str(PACKAGING))

import notices  # noqa: E402

PACKAGE = notices.DISTRIBUTION  # hanzi-reader: the Debian package, as the distribution
INSTALL_DIR = f"/opt/{PACKAGE}"
COMMAND = "reader"
DESKTOP_ID = "reader"  # reader.desktop; reader.ui.app.launch.DESKTOP_FILE_NAME
ICON_SIZES = (16, 32, 48, 64, 128, 256)
#: xz, dpkg's default: 56 MiB where zstd gives 74 (the bundle is mostly machine code), at
#: about 2.5 min of build on two cores instead of 20 s. READER_DEB_COMPRESSION=zstd (which
#: every dpkg that can run the bundle reads: glibc >= 2.36) for quick local builds.
COMPRESSION = os.environ.get("READER_DEB_COMPRESSION", "xz")
MAINTAINER = "The reader authors <maintainers@hanzi-reader.invalid>"
#: What the bundle needs from the system: Qt's xcb platform plugin and its libraries (as
#: .ci/run installs them), glibc at least the build machine's, and a CJK font.
DEPENDS = (
    "libc6 (>= 2.36), libgl1, libegl1, libfontconfig1, libfreetype6, libglib2.0-0, "
    "libxkbcommon0, libdbus-1-3, libx11-xcb1, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, "
    "libxcb-image0, libxcb-render-util0, libxcb-randr0, libxcb-shape0, libxcb-xkb1, "
    "libxkbcommon-x11-0"
)
RECOMMENDS = "fonts-noto-cjk | fonts-arphic-uming"
SUGGESTS = "espeak-ng"
DESCRIPTION = """\
reading assistant for learners of Chinese
 Reader opens a Chinese text and helps you read it: switch between Simplified
 and Traditional scripts, see pinyin read in context, look words up in
 CC-CEDICT and a domain glossary, highlight and take notes, save words and
 export them to Anki, Pleco or a spreadsheet. Everything works offline.
 .
 The package bundles its own Python, Qt (LGPL-3.0) and libraries under
 /opt/hanzi-reader; /usr/share/doc/hanzi-reader/copyright lists them all."""


def _version() -> str:
    from reader import __version__

    return __version__


def _architecture() -> str:
    dpkg = shutil.which("dpkg")
    if dpkg is None:
        return {"x86_64": "amd64", "aarch64": "arm64"}.get(os.uname().machine, os.uname().machine)
    return subprocess.run([dpkg, "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()


def _normalise_modes(root: Path) -> None:
    """0755 folders and executables, 0644 everything else (what dpkg expects; the build may
    have run under any umask)."""
    for dirpath, _dirnames, filenames in os.walk(root):
        os.chmod(dirpath, 0o755)
        for name in filenames:
            path = Path(dirpath) / name
            if path.is_symlink():
                continue
            executable = path.stat().st_mode & 0o111
            os.chmod(path, 0o755 if executable else 0o644)


def _installed_size_kib(root: Path) -> int:
    total = 0
    for dirpath, _dirs, filenames in os.walk(root):
        if Path(dirpath).name == "DEBIAN":
            continue
        total += sum((Path(dirpath) / n).lstat().st_size for n in filenames)
    return (total + 1023) // 1024


def control_text(version: str, arch: str, installed_kib: int) -> str:
    return (
        f"Package: {PACKAGE}\n"
        f"Version: {version}\n"
        f"Architecture: {arch}\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {DEPENDS}\n"
        f"Recommends: {RECOMMENDS}\n"
        f"Suggests: {SUGGESTS}\n"
        "Section: education\n"
        "Priority: optional\n"
        f"Description: {DESCRIPTION}\n"
    )


def stage(bundle: Path, root: Path, copyright_text: str) -> None:
    """The package's file tree under ``root`` (DEBIAN/control is added by :func:`build_deb`)."""
    install = root / INSTALL_DIR.lstrip("/")
    shutil.copytree(bundle, install, symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    (root / "usr" / "bin" / COMMAND).symlink_to(f"{INSTALL_DIR}/{COMMAND}")
    apps = root / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    shutil.copyfile(PACKAGING / "reader.desktop", apps / f"{DESKTOP_ID}.desktop")
    icons = PROJECT / "resources" / "icons"
    hicolor = root / "usr" / "share" / "icons" / "hicolor"
    for size in ICON_SIZES:
        target = hicolor / f"{size}x{size}" / "apps" / f"{DESKTOP_ID}.png"
        target.parent.mkdir(parents=True)
        shutil.copyfile(icons / f"reader-{size}.png", target)
    (hicolor / "scalable" / "apps").mkdir(parents=True)
    shutil.copyfile(icons / "reader.svg", hicolor / "scalable" / "apps" / f"{DESKTOP_ID}.svg")
    doc = root / "usr" / "share" / "doc" / PACKAGE
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(copyright_text, encoding="utf-8")
    _normalise_modes(root)


def build_deb(bundle: Path, out: Path, copyright_text: str) -> Path:
    """``<out>/hanzi-reader_<version>_<arch>.deb`` from the bundle."""
    version, arch = _version(), _architecture()
    target = out / f"{PACKAGE}_{version}_{arch}.deb"
    with tempfile.TemporaryDirectory(prefix="reader-deb-", dir=out) as tmp:
        root = Path(tmp) / "root"
        stage(bundle, root, copyright_text)
        (root / "DEBIAN").mkdir(mode=0o755)
        control = control_text(version, arch, _installed_size_kib(root))
        (root / "DEBIAN" / "control").write_text(control, encoding="utf-8")
        os.chmod(root / "DEBIAN" / "control", 0o644)
        subprocess.run(
            ["dpkg-deb", "--root-owner-group", f"-Z{COMPRESSION}", "--build", str(root), str(target)],
            check=True, stdout=subprocess.DEVNULL,
        )
    return target


def build_tarball(bundle: Path, out: Path) -> Path:
    """``<out>/hanzi-reader-<version>-linux-<machine>.tar.gz``: the bundle in one folder of that
    name, owned by root, for users who unpack it anywhere (see README.md)."""
    stem = f"{PACKAGE}-{_version()}-{sys.platform}-{os.uname().machine}"
    target = out / f"{stem}.tar.gz"

    def owned_by_root(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        info.mode = 0o755 if info.isdir() or info.mode & 0o111 else 0o644
        return info

    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=stem, filter=owned_by_root)
    return target


def build_packages(bundle: Path, out: Path, binaries: Path | None) -> dict[str, object]:
    """Notices into the bundle, then the .tar.gz and (where dpkg-deb exists) the .deb."""
    start = time.perf_counter()
    entries = notices.collect(bundle, binaries)
    copied = notices.write_bundle_notices(bundle, entries)
    report: dict[str, object] = {"components": len(entries)}
    tarball = build_tarball(bundle, out)
    report["tar_gz"] = str(tarball)
    report["tar_gz_mib"] = round(tarball.stat().st_size / 2**20, 1)
    if shutil.which("dpkg-deb"):
        text = notices.debian_copyright(entries, copied, INSTALL_DIR)
        deb = build_deb(bundle, out, text)
        report["deb"] = str(deb)
        report["deb_mib"] = round(deb.stat().st_size / 2**20, 1)
    report["packages_s"] = round(time.perf_counter() - start, 1)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bundle", type=Path, default=PROJECT / "dist" / "reader")
    parser.add_argument("--out", type=Path, default=PROJECT / "dist")
    parser.add_argument("--binaries", type=Path,
                        default=PROJECT / "build" / "pyinstaller" / "reader" / "binaries.json")
    args = parser.parse_args(argv)
    print(build_packages(args.bundle, args.out, args.binaries))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
