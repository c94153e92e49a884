"""The ``reader`` command: opens the window, or runs a subcommand (``reader clean FILE`` …).

Each subcommand lives in its own module here exposing ``register(subparsers)``; the module
adds its parser and sets ``func`` to a callable ``(args) -> int``. Heavy imports stay inside
the subcommand functions so ``reader --version`` and the window start fast.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from reader import __version__

if TYPE_CHECKING:
    import argparse

#: Subcommand modules under ``reader.cli``, in the order ``--help`` lists them.
SUBCOMMANDS: list[str] = [
    "clean", "convert", "define", "level", "notes", "pinyin", "vocab", "words"
]


class CliError(Exception):
    """A user-facing error: printed as ``reader: message`` with exit status 2, no traceback."""


def build_parser(commands: bool | Sequence[str] = True) -> argparse.ArgumentParser:
    """The parser; without ``commands`` the subcommand modules are not imported (the window's
    start has no use for them); given names, only those subcommands are (a command named on
    the command line needs no other's parser or imports)."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="reader",
        description="A reading assistant for learners of Chinese. "
        "Without a subcommand, opens the reader window (on FILE if given).",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the bundled article offscreen, switch script, compute readings, look up a "
        "word, save a highlight; print timings as one JSON line, exit 0 when all worked",
    )
    parser.add_argument(
        "--first-paint-only",
        action="store_true",
        help="with --smoke-test: stop at the first paint (the start-up benchmark)",
    )
    parser.add_argument("--db", metavar="PATH", help="notes database (default: app data)")
    if commands:
        sub = parser.add_subparsers(dest="command", metavar="COMMAND")
        for name in SUBCOMMANDS if commands is True else commands:
            importlib.import_module(f"reader.cli.{name}").register(sub)
    return parser


_OPTIONS_WITH_VALUE = frozenset({"--db"})


def _first_positional(argv: list[str]) -> int | None:
    """Index of the first word that is neither an option nor an option's value."""
    skip = False
    for i, word in enumerate(argv):
        if skip:
            skip = False
            continue
        if word == "--":
            return i + 1 if i + 1 < len(argv) else None
        if word.startswith("-") and word != "-":
            skip = word in _OPTIONS_WITH_VALUE
            continue
        return i
    return None


def _not_a_file(word: str) -> str | None:
    """A sentence when ``word`` (taken for a FILE) names no file: the nearest command when it
    reads like a mistyped one, else the list of commands. None when the file exists."""
    import difflib
    import os

    if os.path.exists(word):
        return None
    close = (
        difflib.get_close_matches(word.lower(), SUBCOMMANDS, n=1, cutoff=0.6)
        if word.isascii() and word.isalpha()
        else []
    )
    if close:
        return f"'{word}' is neither a file nor a command; did you mean 'reader {close[0]}'?"
    return (
        f"'{word}' is neither a file nor a command (commands: {', '.join(SUBCOMMANDS)}; "
        "reader --help says more)"
    )


def _window_options(argv: list[str]) -> Any:
    """The parsed arguments of the window's plain command line (its FILE taken out before):
    ``--db PATH`` or ``--db=PATH``, ``--smoke-test``, ``--first-paint-only``, each once at
    most, read without argparse (building its parser, which looks up its translations, took
    3-7 ms of the window's start); None for any other form, which the parser reads (and explains when it
    is wrong). The result is what the parser gives for the same words."""
    from types import SimpleNamespace

    options: dict[str, Any] = {"smoke_test": False, "first_paint_only": False, "db": None}
    seen: set[str] = set()
    i = 0
    while i < len(argv):
        word = argv[i]
        name, _, value = word.partition("=")
        if name in seen:
            return None
        seen.add(name)
        if word in ("--smoke-test", "--first-paint-only"):
            options[word[2:].replace("-", "_")] = True
        elif word == "--db" and i + 1 < len(argv) and not argv[i + 1].startswith("-"):
            options["db"] = argv[i + 1]
            i += 1
        elif name == "--db" and value:
            options["db"] = value
        else:
            return None
        i += 1
    return SimpleNamespace(**options)


def _plain_command(argv: list[str]) -> Any:
    """The parsed arguments of a plain ``reader convert --to SCRIPT [FILE]``, read without
    argparse (:func:`reader.cli.convert.parse_plain`), or of the window's plain command line
    (:func:`_window_options`); None for every other command line."""
    if not argv or argv[0] != "convert":
        return _window_options(argv)
    from types import SimpleNamespace

    from reader.cli import convert

    options = convert.parse_plain(argv[1:])
    if options is None:
        return None
    return SimpleNamespace(
        smoke_test=False, first_paint_only=False, db=None, command="convert", func=convert.run,
        **options,
    )


def _commands_needed(argv: list[str], first: int | None) -> bool | list[str]:
    """The subcommands whose parsers ``argv`` needs: the one it names (no help asked before
    it), all of them for help, none for the window."""
    helps = [i for i, word in enumerate(argv) if word in ("-h", "--help")]
    if first is not None and first < len(argv) and argv[first] in SUBCOMMANDS:
        if not helps or helps[0] > first:
            return [argv[first]]
        return True
    return bool(helps) or any(word in SUBCOMMANDS for word in argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (else the process's own). On its own command line, the
    window's process ends once the window has saved everything and the database is closed,
    without the interpreter's teardown (:mod:`reader.ui.app.process_end`); given ``argv``
    (tests, embedding), it returns."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    file_arg: str | None = None
    # ``reader FILE``: a first positional that is not a subcommand is the file to open.
    first = _first_positional(args_list)
    if first is not None and args_list[first] not in SUBCOMMANDS:
        # Never the window for a FILE that is not there: a mistyped command or path is said.
        problem = _not_a_file(args_list[first])
        if problem is not None:
            print(f"reader: {problem}", file=sys.stderr)
            return 2
        file_arg = args_list.pop(first)
    args = _plain_command(args_list)
    if args is None:
        args = build_parser(_commands_needed(args_list, first)).parse_args(args_list)
    try:
        if getattr(args, "func", None) is not None:
            return int(args.func(args))
        from reader.ui.app.launch import run_gui, run_smoke_test

        code = run_smoke_test(args) if args.smoke_test else run_gui(file_arg, args)
        if argv is None:  # the process's own command line: it may end here, all saved
            from reader.ui.app.process_end import end_now

            return end_now(code)
        return code
    except CliError as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if not _is_store_error(exc):
            raise
        # e.g. a damaged database read by a command: a sentence
        print(f"reader: {exc}", file=sys.stderr)
        return 2


def _is_store_error(exc: Exception) -> bool:
    """Whether ``exc`` is the store's refusal. The store is not imported to ask: a command
    that never loaded it cannot have raised its error (``reader convert`` starts faster)."""
    records = sys.modules.get("reader.storage.records")
    return records is not None and isinstance(exc, records.StoreError)


def read_input(path: str | None) -> tuple[bytes, str]:
    """The bytes of FILE, or of stdin when ``path`` is None or ``-``; with a display name.

    Both are read through the importer's limit: a FIFO, a device or a folder given as FILE is
    refused (pipe it to stdin instead), and neither is read past ``MAX_BYTES + 1`` bytes.
    """
    from reader.text.decoding import ImportRefused
    from reader.text.file_bytes import read_file, read_limited

    try:
        if path is None or path == "-":
            return read_limited(sys.stdin.buffer.read, "<stdin>"), "<stdin>"
        return read_file(path), path
    except ImportRefused as exc:
        raise CliError(str(exc)) from None


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` (CRLF and CR count as line ends; no empty last line)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def read_lines(path: str | None) -> list[str]:
    """The decoded lines of FILE or stdin (see :func:`read_input`); CliError for a file that
    is not text."""
    from reader.text.decoding import ImportRefused, decode

    data, name = read_input(path)
    if not data:
        return []
    try:
        return split_lines(decode(data, name).text)
    except ImportRefused as exc:
        raise CliError(str(exc)) from None


def terminal_line(text: str) -> str:
    """``text`` safe for one terminal line: line breaks and tabs become spaces, and other
    control characters (ESC sequences that a note could smuggle in, a lone CR) become U+FFFD."""
    out = []
    for ch in text:
        if ch in "\r\n\t\v\f\u2028\u2029":
            out.append(" ")
        elif ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 or ch in "\u202a\u202b\u202c\u202d\u202e":
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)


def write_output(text: str) -> None:
    """Write text to stdout as UTF-8, whatever the locale says."""
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()
