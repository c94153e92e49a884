"""Check the frozen reader: it starts, finds its data, works offline and opens no network socket.

    python packaging/check_frozen.py [--binary dist/reader/reader] [--platform offscreen|xcb]

Every run of ``reader --smoke-test --db <temp file>`` gets its own empty folders for
``XDG_CACHE_HOME``, ``XDG_DATA_HOME`` and ``XDG_CONFIG_HOME``, so it is a *first run* wherever
this script runs (a fresh CI machine or a developer's desktop with a warm cache): the smoke
test must build the CC-CEDICT index itself, and no file outside the temp folders is touched.
The smoke test prints one JSON line; a run passes when the exit status is 0 and that JSON has
no "error"/"errors", "characters" above 2900 (the bundled article was read through
importlib.resources), "components" of Help › About at least 20 (the distributions' metadata
is in the bundle), and non-empty "lookup" (蒸馏 found in CC-CEDICT or the glossary) and
"highlight" (saved to the database and read back).

1. first run (empty cache): the checks above, and the dictionary index must now exist in the
   cache folder;
2. second run on that cache: the checks above (the cached index is reused);
3. the CLI subcommands on the database of run 1 (``reader.cli.*`` are imported by name, and
   they need OpenCC's data and genanki): ``convert``, ``notes export`` (must list the
   highlight), ``vocab export --format apkg``, ``words --json`` (jieba's frequency list is in
   the bundle: the word model is built from it);
4. a first run under ``strace -f -e trace=network``: every socket() must be AF_UNIX (X11,
   D-Bus, the accessibility bus) or AF_NETLINK. Netlink sockets talk to the local kernel only
   (udev device events, interface lists), so they are allowed but listed. Anything else
   (AF_INET, AF_INET6, AF_PACKET, ...) fails the check;
5. a first run inside a network namespace with no interfaces (``unshare -n``). Needs root or
   unprivileged user namespaces; when unshare is not permitted this part is skipped with a
   message (exit status stays 0).

Exit status 0 when all checks that could run passed, 1 otherwise. ``--platform xcb`` runs each
smoke test under its own ``xvfb-run -a`` (no outer xvfb-run needed) instead of offscreen.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_BINARY = PROJECT / "dist" / "reader" / ("reader.exe" if os.name == "nt" else "reader")
MIN_CHARACTERS = 2900
#: Keys the smoke test's JSON must carry as non-empty strings: the word found for 蒸馏, and
#: the quote of the highlight read back from the database.
REQUIRED_KEYS = ("lookup", "highlight")
#: Help › About's components (reader.services.credits) the smoke test must find: the
#: runtime distributions' metadata is in the bundle (21 distributions, 7 embedded parts).
MIN_COMPONENTS = 20
#: The CC-CEDICT index the first run builds (reader.language.words.dictionary.CACHE_NAME).
DICTIONARY_CACHE = "cedict.sqlite3"
#: Per run: a first run must build the dictionary index (about 1 s, more under strace/Xvfb
#: on a slow CI machine); the smoke test itself gives up on each step after 60 s.
TIMEOUT_S = 180
ALLOWED_FAMILIES = {"AF_UNIX", "AF_LOCAL", "AF_NETLINK"}
SOCKET_CALL = re.compile(r"\bsocket\((\w+)")


class CheckFailed(Exception):
    pass


def fresh_home(root: Path) -> dict[str, str]:
    """Environment for a run that starts with empty cache, data and config folders."""
    env = dict(os.environ)
    for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        folder = root / name.split("_")[1].lower()
        folder.mkdir(parents=True, exist_ok=True)
        env[name] = str(folder)
    env.pop("READER_DB", None)
    return env


def smoke_command(binary: Path, db: Path, platform: str) -> list[str]:
    cmd = [str(binary), "--smoke-test", "--db", str(db)]
    if platform == "xcb":
        xvfb = shutil.which("xvfb-run")
        if xvfb is None:
            raise CheckFailed("--platform xcb needs xvfb-run (Debian package xvfb)")
        cmd = [xvfb, "-a", *cmd]
    return cmd


def parse_result(stdout: str) -> dict[str, object] | None:
    """The smoke test's JSON object (its last non-empty stdout line), or None."""
    lines = [line for line in stdout.splitlines() if line.strip()]
    if not lines:
        return None
    try:
        result = json.loads(lines[-1])
    except json.JSONDecodeError:
        return None
    return result if isinstance(result, dict) else None


def problems(result: dict[str, object]) -> list[str]:
    """What is wrong with a smoke-test result (empty when it passes)."""
    found: list[str] = []
    if "error" in result:
        found.append(f"error: {result['error']}")
    if "errors" in result:
        found.append(f"errors: {result['errors']}")
    characters = result.get("characters")
    if not isinstance(characters, int) or characters <= MIN_CHARACTERS:
        found.append(
            f"'characters' is {characters!r}, expected > {MIN_CHARACTERS}: "
            "the bundled article (reader.resources) did not load"
        )
    components = result.get("components")
    if not isinstance(components, int) or components < MIN_COMPONENTS:
        found.append(
            f"'components' is {components!r}, expected >= {MIN_COMPONENTS}: "
            "the distributions' metadata (Help › About, the licences) is not in the bundle"
        )
    for key in REQUIRED_KEYS:
        value = result.get(key)
        if not isinstance(value, str) or not value:
            found.append(f"{key!r} is missing or empty ({value!r})")
    return found


def run_smoke(
    prefix: list[str], binary: Path, platform: str, label: str, home: Path
) -> dict[str, object]:
    """Run the smoke test (behind ``prefix``) with ``home`` as its XDG folders, check it."""
    env = fresh_home(home)
    env["QT_QPA_PLATFORM"] = platform
    cmd = [*prefix, *smoke_command(binary, home / "annotations.db", platform)]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=TIMEOUT_S)
    result = parse_result(done.stdout)
    output = f"--- stdout\n{done.stdout}--- stderr\n{done.stderr}"
    if result is None:
        raise CheckFailed(f"{label}: exit status {done.returncode}, no JSON result\n{output}")
    found = problems(result)
    if done.returncode != 0 and not found:
        found.append(f"exit status {done.returncode}")
    if found:
        raise CheckFailed(f"{label}: " + "; ".join(found) + f"\n{output}")
    print(f"ok   {label}: {json.dumps(result, ensure_ascii=False)}")
    return result


def check_dictionary_cached(home: Path) -> None:
    cache = list((home / "cache").rglob(DICTIONARY_CACHE))
    if not cache:
        raise CheckFailed(f"first run: no {DICTIONARY_CACHE} under {home / 'cache'}")
    size = cache[0].stat().st_size
    print(f"ok   first run built the dictionary index: {size / 2**20:.1f} MiB")


def run_cli(binary: Path, args: list[str], home: Path, stdin: str = "") -> str:
    done = subprocess.run(
        [str(binary), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=fresh_home(home),
        timeout=60,
    )
    if done.returncode != 0:
        raise CheckFailed(
            f"reader {' '.join(args)}: exit status {done.returncode}\n"
            f"--- stdout\n{done.stdout}--- stderr\n{done.stderr}"
        )
    return done.stdout


def check_cli(binary: Path, home: Path, highlight: str) -> None:
    """The subcommands work from the bundle, on the database the smoke test wrote."""
    db = str(home / "annotations.db")
    converted = run_cli(binary, ["convert", "--to", "simplified"], home, "漢語詞典\n")
    if converted.strip() != "汉语词典":
        raise CheckFailed(f"reader convert: {converted!r}, expected '汉语词典'")
    exported = run_cli(binary, ["notes", "export", "--format", "json", "--db", db], home)
    if highlight not in exported:
        raise CheckFailed(f"reader notes export: the highlight {highlight!r} is not listed")
    apkg = home / "vocabulary.apkg"
    run_cli(binary, ["vocab", "export", "--format", "apkg", "-o", str(apkg), "--db", db], home)
    if not zipfile.is_zipfile(apkg):
        raise CheckFailed(f"reader vocab export: {apkg} is not an Anki package")
    words = run_cli(binary, ["words", "--json"], home, "為逐漸冷卻的市場情緒\n")
    if "冷卻" not in [token.get("text") for token in json.loads(words.splitlines()[0])]:
        raise CheckFailed(f"reader words: {words!r}, expected the word 冷卻")
    print("ok   CLI: convert, notes export, vocab export --format apkg, words")


def socket_families(trace: str) -> list[str]:
    return SOCKET_CALL.findall(trace)


def check_strace(binary: Path, platform: str, home: Path) -> None:
    strace = shutil.which("strace")
    if strace is None:
        raise CheckFailed("strace not found (Debian package strace); use --no-strace to skip")
    log = home / "trace.txt"
    prefix = [strace, "-f", "-qq", "-e", "trace=network", "-o", str(log)]
    run_smoke(prefix, binary, platform, "first run under strace", home)
    trace = log.read_text(encoding="utf-8", errors="replace")
    families = socket_families(trace)
    bad = sorted({f for f in families if f not in ALLOWED_FAMILIES})
    summary = ", ".join(f"{f} x{families.count(f)}" for f in sorted(set(families))) or "none"
    if bad:
        lines = [line for line in trace.splitlines() if "socket(" in line]
        raise CheckFailed(
            f"strace: network sockets opened ({', '.join(bad)}):\n" + "\n".join(lines[:20])
        )
    print(f"ok   strace: socket() families: {summary}")


def unshare_permitted() -> str | None:
    """None when ``unshare -n`` works here, else why not."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return "unshare not found (util-linux)"
    done = subprocess.run([unshare, "-n", "true"], capture_output=True, text=True)
    if done.returncode != 0:
        return f"unshare -n is not permitted here: {done.stderr.strip() or done.returncode}"
    return None


def check_no_network(binary: Path, platform: str, home: Path) -> None:
    reason = unshare_permitted()
    if reason is not None:
        print(f"SKIP no-network namespace: {reason}")
        return
    run_smoke(["unshare", "-n", "--"], binary, platform, "first run without network", home)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", type=Path, default=DEFAULT_BINARY)
    parser.add_argument("--platform", choices=["offscreen", "xcb"], default="offscreen")
    parser.add_argument("--no-strace", action="store_true", help="skip the strace check")
    args = parser.parse_args(argv)
    binary = args.binary.absolute()  # not resolved: /usr/bin/reader runs through its link
    if not binary.is_file():
        print(f"FAIL {binary}: no such file (run packaging/build.py first)", file=sys.stderr)
        return 1
    try:
        with tempfile.TemporaryDirectory(prefix="reader-frozen-") as tmp:
            root = Path(tmp)
            first = run_smoke([], binary, args.platform, "first run (empty cache)", root / "a")
            check_dictionary_cached(root / "a")
            run_smoke([], binary, args.platform, "second run (cached index)", root / "a")
            check_cli(binary, root / "a", str(first["highlight"]))
            if args.no_strace:
                print("SKIP strace: --no-strace")
            else:
                check_strace(binary, args.platform, root / "b")
            if sys.platform.startswith("linux"):
                check_no_network(binary, args.platform, root / "c")
    except (CheckFailed, subprocess.TimeoutExpired) as exc:
        print(f"FAIL {exc}", file=sys.stderr)
        return 1
    print("frozen build OK")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
