"""Check the frozen reader: it starts, finds its resources, and opens no network socket.

    python packaging/check_frozen.py [--binary dist/reader/reader] [--platform offscreen|xcb]

Three runs of ``reader --smoke-test --db <temp file>``:

1. plain: exit status 0, the last stdout line is a JSON object without "error", and its
   "characters" is above 2900 (the bundled article was read through importlib.resources, so
   reader.resources made it into the bundle);
2. under ``strace -f -e trace=network``: every socket() must be AF_UNIX (X11, D-Bus, the
   accessibility bus) or AF_NETLINK. Netlink sockets talk to the local kernel only (udev device
   events, interface lists) and cannot reach another machine, so they are allowed but listed.
   Anything else (AF_INET, AF_INET6, AF_PACKET, ...) fails the check;
3. inside a network namespace with no interfaces (``unshare -n``): it must still pass 1. Needs
   root or unprivileged user namespaces; when unshare is not permitted this part is skipped
   with a message (exit status stays 0).

Exit status 0 when all checks that could run passed, 1 otherwise. ``--platform xcb`` runs the
binary under ``xvfb-run`` instead of offscreen.
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
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_BINARY = PROJECT / "dist" / "reader" / ("reader.exe" if os.name == "nt" else "reader")
MIN_CHARACTERS = 2900
ALLOWED_FAMILIES = {"AF_UNIX", "AF_LOCAL", "AF_NETLINK"}
SOCKET_CALL = re.compile(r"\bsocket\((\w+)")


class CheckFailed(Exception):
    pass


def smoke_command(binary: Path, db: Path, platform: str) -> list[str]:
    cmd = [str(binary), "--smoke-test", "--db", str(db)]
    if platform == "xcb":
        xvfb = shutil.which("xvfb-run")
        if xvfb is None:
            raise CheckFailed("--platform xcb needs xvfb-run (Debian package xvfb)")
        cmd = [xvfb, "-a", *cmd]
    return cmd


def run_smoke(prefix: list[str], binary: Path, platform: str, label: str) -> dict[str, object]:
    """Run the smoke test (behind ``prefix``), check its result, return its JSON."""
    env = dict(os.environ, QT_QPA_PLATFORM=platform)
    with tempfile.TemporaryDirectory(prefix="reader-frozen-") as tmp:
        cmd = [*prefix, *smoke_command(binary, Path(tmp) / "annotations.db", platform)]
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if done.returncode != 0:
        raise CheckFailed(
            f"{label}: exit status {done.returncode}\n--- stdout\n{done.stdout}"
            f"--- stderr\n{done.stderr}"
        )
    if not lines:
        raise CheckFailed(f"{label}: no output\n--- stderr\n{done.stderr}")
    try:
        result = json.loads(lines[-1])
    except json.JSONDecodeError:
        raise CheckFailed(f"{label}: last stdout line is not JSON: {lines[-1]!r}") from None
    if not isinstance(result, dict) or "error" in result:
        raise CheckFailed(f"{label}: smoke test reported {result!r}")
    characters = result.get("characters")
    if not isinstance(characters, int) or characters <= MIN_CHARACTERS:
        raise CheckFailed(
            f"{label}: 'characters' is {characters!r}, expected > {MIN_CHARACTERS}: "
            "the bundled article (reader.resources) did not load"
        )
    print(f"ok   {label}: {json.dumps(result)}")
    return result


def socket_families(trace: str) -> list[str]:
    return SOCKET_CALL.findall(trace)


def check_strace(binary: Path, platform: str) -> None:
    strace = shutil.which("strace")
    if strace is None:
        raise CheckFailed("strace not found (Debian package strace); use --no-strace to skip")
    with tempfile.TemporaryDirectory(prefix="reader-strace-") as tmp:
        log = Path(tmp) / "trace.txt"
        prefix = [strace, "-f", "-qq", "-e", "trace=network", "-o", str(log)]
        run_smoke(prefix, binary, platform, "under strace")
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


def check_no_network(binary: Path, platform: str) -> None:
    reason = unshare_permitted()
    if reason is not None:
        print(f"SKIP no-network namespace: {reason}")
        return
    run_smoke(["unshare", "-n", "--"], binary, platform, "in a namespace without network")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", type=Path, default=DEFAULT_BINARY)
    parser.add_argument("--platform", choices=["offscreen", "xcb"], default="offscreen")
    parser.add_argument("--no-strace", action="store_true", help="skip the strace check")
    args = parser.parse_args(argv)
    if not args.binary.is_file():
        print(f"FAIL {args.binary}: no such file (run packaging/build.py first)", file=sys.stderr)
        return 1
    try:
        run_smoke([], args.binary, args.platform, "smoke test")
        if args.no_strace:
            print("SKIP strace: --no-strace")
        else:
            check_strace(args.binary, args.platform)
        if sys.platform.startswith("linux"):
            check_no_network(args.binary, args.platform)
    except (CheckFailed, subprocess.TimeoutExpired) as exc:
        print(f"FAIL {exc}", file=sys.stderr)
        return 1
    print("frozen build OK")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
