"""``reader notes``: list or export the highlights and notes of the notes database."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from reader.cli.store_access import add_db_option, open_existing_store

_FORMATS = ("md", "csv", "json")

_EPILOG = """\
The database is --db PATH (given before or after the subcommand), else $READER_DB, else the
reader's app-data database ($XDG_DATA_HOME/reader/reader/reader.sqlite3 on Linux).
JSON export follows the W3C Web Annotation model (TextPositionSelector + TextQuoteSelector).
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "notes",
        help="list or export highlights and notes",
        description="List or export the highlights and notes stored by the reader.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="notes_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="print every highlight, grouped by document")
    export = actions.add_parser("export", help="write every highlight as md, csv or json")
    export.add_argument("--format", choices=_FORMATS, default="md", help="default: md")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    for sub in (listing, export):
        add_db_option(sub, "notes_db")
        sub.set_defaults(func=run)


def _open(args: argparse.Namespace) -> Any:
    return open_existing_store(args, "notes_db")


def _listing(store: Any) -> str:
    from reader.cli import terminal_line

    lines: list[str] = []
    titles = {d.id: d.title for d in store.documents()}
    current = None
    for h in store.all_highlights():
        if h.document_id != current:
            current = h.document_id
            if lines:
                lines.append("")
            title = terminal_line(titles.get(h.document_id, "?"))
            lines.append(f"{title}  [document {h.document_id}]")
        place = "orphan" if h.anchor_method == "orphan" else f"{h.start}-{h.end}"
        quote = terminal_line(h.quote)
        note = terminal_line(f"  — {h.note}") if h.note else ""
        lines.append(f"  #{h.id}  {h.colour:<6}  {place:<11}  「{quote}」{note}")
    return "\n".join(lines) + "\n" if lines else ""


def write_file(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically; CliError ("cannot write PATH: why") on failure."""
    from reader.cli import CliError
    from reader.services.atomic_write import AtomicWriteError, atomic_write

    try:
        atomic_write(path, data)
    except AtomicWriteError as exc:
        raise CliError(f"cannot write {path}: {exc.reason}") from None


def run(args: argparse.Namespace) -> int:
    from reader.cli import write_output
    from reader.services.notes_export import export_bytes

    store = _open(args)
    try:
        if args.notes_command == "list":
            write_output(_listing(store))
            return 0
        data = export_bytes(store, args.format)  # the same bytes as the window's export
    finally:
        store.close()
    if args.output and args.output != "-":
        write_file(args.output, data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0
