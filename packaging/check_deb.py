"""Install the .deb, run it, remove it, and check that nothing is left behind (CI, as root).

    python packaging/check_deb.py [--deb dist/hanzi-reader_<version>_<arch>.deb] [--json FILE]

1. clean state: the package is not installed (a leftover from an earlier run is purged
   first); the paths it would own are listed with everything else under the folders it
   installs into (:data:`WATCHED`);
2. ``apt-get install -y ./hanzi-reader_….deb`` (timed: the install time of the note);
3. the installed files: ``/usr/bin/reader`` leads to ``/opt/hanzi-reader/reader``;
   ``desktop-file-validate`` passes on the desktop entry; the icons and the copyright file
   are where the desktop and Debian look for them; the copyright file is machine-readable
   and names every component of the bundle's THIRD_PARTY_NOTICES;
4. ``packaging/check_frozen.py --binary /usr/bin/reader`` offscreen and under Xvfb (first
   run, second run, the CLI, no network); the runs write nothing under /opt;
5. ``apt-get purge -y hanzi-reader``; dpkg no longer knows it, and the watched folders hold
   exactly what they held before (the icon and MIME caches that dpkg's triggers rebuild
   may appear, but must not mention the package).

Exit status 0 when every check passed. Prints one JSON line (sizes and seconds) at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
PROJECT = PACKAGING.parent
PACKAGE = "hanzi-reader"
INSTALL_DIR = Path("/opt") / PACKAGE
COMMAND = Path("/usr/bin/reader")
DESKTOP = Path("/usr/share/applications/reader.desktop")
COPYRIGHT = Path("/usr/share/doc") / PACKAGE / "copyright"
#: Folders the package installs into; their whole content is compared before and after.
WATCHED = (
    Path("/opt"),
    Path("/usr/bin"),
    Path("/usr/share/applications"),
    Path("/usr/share/icons/hicolor"),
    Path(f"/usr/share/doc/{PACKAGE}"),
)
#: Caches that dpkg's triggers (desktop-file-utils, hicolor-icon-theme/gtk) rebuild on any
#: install: they may be created, and must not name the package afterwards.
TRIGGER_CACHES = {"mimeinfo.cache", "icon-theme.cache"}


class CheckFailed(Exception):
    pass


def run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, capture_output=True, text=True, **kw)  # type: ignore[call-overload]
    if done.returncode != 0:
        raise CheckFailed(
            f"{' '.join(cmd)}: exit status {done.returncode}\n"
            f"--- stdout\n{done.stdout}--- stderr\n{done.stderr}"
        )
    return done  # type: ignore[no-any-return]


def installed() -> bool:
    done = subprocess.run(
        ["dpkg-query", "-W", "-f", "${db:Status-Status}", PACKAGE], capture_output=True, text=True
    )
    return done.returncode == 0 and done.stdout.strip() not in ("", "not-installed")


def snapshot() -> set[str]:
    """Every path under the watched folders (the trigger caches left out)."""
    found: set[str] = set()
    for root in WATCHED:
        if root.exists():
            found.add(str(root))
        for dirpath, dirnames, filenames in os.walk(root):
            for name in dirnames + filenames:
                if name not in TRIGGER_CACHES:
                    found.add(os.path.join(dirpath, name))
    return found


def apt_env() -> dict[str, str]:
    return dict(os.environ, DEBIAN_FRONTEND="noninteractive")


def install(deb: Path) -> float:
    start = time.perf_counter()
    # apt-get needs a path that looks like one (./name.deb), not a bare file name
    run(["apt-get", "install", "-y", "-q", "--no-install-recommends", str(deb.absolute())],
        env=apt_env())
    return time.perf_counter() - start


def check_files() -> None:
    if not COMMAND.exists() or COMMAND.resolve() != (INSTALL_DIR / "reader").resolve():
        raise CheckFailed(f"{COMMAND} does not lead to {INSTALL_DIR / 'reader'}")
    if shutil.which("reader") != str(COMMAND):
        raise CheckFailed(f"'reader' on PATH is {shutil.which('reader')}, not {COMMAND}")
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        raise CheckFailed("desktop-file-validate not found (Debian package desktop-file-utils)")
    out = run([validator, str(DESKTOP)])
    if out.stdout.strip() or out.stderr.strip():  # hints and warnings count too
        raise CheckFailed(f"desktop-file-validate: {out.stdout}{out.stderr}")
    icons = Path("/usr/share/icons/hicolor")
    for rel in ("256x256/apps/reader.png", "16x16/apps/reader.png", "scalable/apps/reader.svg"):
        if not (icons / rel).is_file():
            raise CheckFailed(f"icon missing: {icons / rel}")
    check_copyright()
    print(f"ok   installed: {COMMAND} -> {COMMAND.resolve()}; desktop entry valid; icons; "
          f"{COPYRIGHT}")


def check_copyright() -> None:
    text = COPYRIGHT.read_text(encoding="utf-8")
    if not text.startswith("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"):
        raise CheckFailed(f"{COPYRIGHT}: not in Debian's machine-readable format")
    for paragraph in text.strip().split("\n\n")[1:]:
        fields = {m.group(1) for m in re.finditer(r"^([A-Za-z-]+):", paragraph, re.M)}
        if not {"Files", "Copyright", "License"} <= fields:
            raise CheckFailed(f"{COPYRIGHT}: a Files paragraph lacks a field:\n{paragraph}")
    notices = (INSTALL_DIR / "THIRD_PARTY_NOTICES").read_text(encoding="utf-8")
    listed = re.findall(r"^== (\S+)", notices, re.M)
    missing = [name for name in listed if f"Comment: {name} " not in text]
    if not listed or missing:
        raise CheckFailed(f"{COPYRIGHT}: components of THIRD_PARTY_NOTICES missing: {missing}")
    licences = INSTALL_DIR / "licenses"
    if not licences.is_dir() or not any(licences.iterdir()):
        raise CheckFailed(f"{licences}: no licence texts")


def check_runs() -> None:
    before = set(subprocess.run(["dpkg-query", "-L", PACKAGE], capture_output=True,
                                text=True).stdout.split())
    for platform in ("offscreen", "xcb"):
        run([sys.executable, str(PACKAGING / "check_frozen.py"), "--binary", str(COMMAND),
             "--platform", platform, "--no-strace"])
        print(f"ok   installed reader: smoke test, CLI, no network ({platform})")
    extra = [p for p in (str(x) for x in INSTALL_DIR.rglob("*")) if p not in before]
    if extra:
        raise CheckFailed(f"running the installed reader wrote under {INSTALL_DIR}: {extra[:10]}")


def remove(before: set[str]) -> float:
    start = time.perf_counter()
    run(["apt-get", "purge", "-y", "-q", PACKAGE], env=apt_env())
    seconds = time.perf_counter() - start
    if installed():
        raise CheckFailed(f"dpkg still knows {PACKAGE} after apt-get purge")
    after = snapshot()
    left, gone = sorted(after - before), sorted(before - after)
    if left or gone:
        raise CheckFailed(f"after removal: left behind {left[:20]}, missing {gone[:20]}")
    mime = Path("/usr/share/applications/mimeinfo.cache")
    if mime.is_file() and "reader.desktop" in mime.read_text(encoding="utf-8", errors="replace"):
        raise CheckFailed(f"{mime} still names reader.desktop")
    print("ok   removed: nothing left behind")
    return seconds


def default_deb() -> Path | None:
    found = sorted((PROJECT / "dist").glob(f"{PACKAGE}_*.deb"))
    return found[-1] if found else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--deb", type=Path, default=default_deb())
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if args.deb is None or not args.deb.is_file():
        print(f"FAIL no .deb ({args.deb}): run make package first", file=sys.stderr)
        return 1
    if os.geteuid() != 0:
        print("FAIL run as root (apt-get install)", file=sys.stderr)
        return 1
    try:
        if installed():
            run(["apt-get", "purge", "-y", "-q", PACKAGE], env=apt_env())
        before = snapshot()
        install_s = install(args.deb)
        print(f"ok   apt-get install ./{args.deb.name}: {install_s:.1f} s")
        check_files()
        check_runs()
        remove_s = remove(before)
    except (CheckFailed, subprocess.TimeoutExpired) as exc:
        print(f"FAIL {exc}", file=sys.stderr)
        if installed():
            subprocess.run(["apt-get", "purge", "-y", "-q", PACKAGE], env=apt_env(),
                           capture_output=True)
        return 1
    report = {
        "deb": args.deb.name,
        "deb_mib": round(args.deb.stat().st_size / 2**20, 1),
        "install_s": round(install_s, 1),
        "remove_s": round(remove_s, 1),
    }
    if args.json:
        args.json.write_text(json.dumps(report) + "\n", encoding="utf-8")
    print(json.dumps(report))
    print("deb OK")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
