"""Build the one-dir executable with packaging/reader.spec; time it and measure the result.

    python packaging/build.py                     # -> dist/reader/, dist/reader-package.json
    python packaging/build.py --variant default   # untrimmed, to measure what trimming saves
    python packaging/build.py --distpath /tmp/d --workpath /tmp/w --json /tmp/d/report.json
    python packaging/build.py --no-packages       # the bundle only

Then (unless --no-packages) the licences go into the bundle (LICENSE, THIRD_PARTY_NOTICES,
licenses/: packaging/notices.py) and it is packed as a portable .tar.gz and, where dpkg-deb
exists, a .deb (packaging/deb.py): dist/hanzi-reader-<version>-linux-<machine>.tar.gz,
dist/hanzi-reader_<version>_<arch>.deb. On Windows and macOS the notices are written into the
bundle too; packing it (an installer, a .dmg) is left to the platform's tools.

Prints one JSON line, and writes it to --json: variant, build seconds, size and file count of
the bundle folder, the largest top-level entries of its _internal/ folder, and the packages.
"""

from __future__ import annotations

import argparse
import importlib.metadata as metadata
import json
import os
import subprocess
import sys
import time
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
PROJECT = PACKAGING.parent
SPEC = PACKAGING / "reader.spec"
APP_NAME = "reader"


def tree_size(root: Path) -> tuple[int, int]:
    """(bytes, files) under root; symlinks count as files of their own (not followed)."""
    total = files = 0
    for dirpath, _dirnames, filenames in os.walk(root):
        for name in filenames:
            path = Path(dirpath) / name
            total += path.lstat().st_size
            files += 1
    return total, files


def largest_entries(bundle: Path, count: int = 8) -> dict[str, float]:
    internal = bundle / "_internal"
    if not internal.is_dir():  # macOS .app layout or an older PyInstaller
        internal = bundle
    sizes = {}
    for entry in internal.iterdir():
        size = entry.lstat().st_size if not entry.is_dir() else tree_size(entry)[0]
        sizes[entry.name] = round(size / 2**20, 1)
    return dict(sorted(sizes.items(), key=lambda kv: -kv[1])[:count])


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def build(variant: str, distpath: Path, workpath: Path) -> float:
    env = dict(os.environ, READER_BUILD_VARIANT=variant)
    cmd = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(distpath),
        "--workpath",
        str(workpath),
        str(SPEC),
    ]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, cwd=PROJECT)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--variant", choices=["lean", "default"], default="lean")
    parser.add_argument("--distpath", type=Path, default=PROJECT / "dist")
    parser.add_argument("--workpath", type=Path, default=PROJECT / "build" / "pyinstaller")
    parser.add_argument(
        "--json", type=Path, help="report file (default: DISTPATH/reader-package.json)"
    )
    parser.add_argument("--no-packages", action="store_true", help="skip notices, .tar.gz, .deb")
    args = parser.parse_args(argv)

    seconds = build(args.variant, args.distpath, args.workpath)
    bundle = args.distpath / APP_NAME
    packages: dict[str, object] = {}
    if not args.no_packages:
        sys.path.insert(0, str(PACKAGING))
        import deb
        import notices

        binaries = args.workpath / APP_NAME / "binaries.json"
        if sys.platform.startswith("linux"):
            packages = deb.build_packages(bundle, args.distpath, binaries)
        else:
            entries = notices.collect(bundle, binaries)
            notices.write_bundle_notices(bundle, entries)
            packages = {"components": len(entries)}
    size, files = tree_size(bundle)
    report = {
        "variant": args.variant,
        "platform": sys.platform,
        "python": sys.version.split()[0],
        "pyside6": _version("PySide6-Essentials") or _version("PySide6"),
        "pyinstaller": _version("pyinstaller"),
        "build_s": round(seconds, 1),
        "dist": str(bundle),
        "size_bytes": size,
        "size_mib": round(size / 2**20, 1),
        "files": files,
        "largest_mib": largest_entries(bundle),
        **packages,
    }
    out = args.json or args.distpath / f"{APP_NAME}-package.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
