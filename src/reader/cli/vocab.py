"""``reader vocab``: list the saved vocabulary, or export it for Anki, Pleco or a spreadsheet."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from reader.cli.store_access import add_db_option, open_existing_store

_FORMATS = ("apkg", "pleco", "tsv")
_STATUSES = ("known", "learning", "new")

_EPILOG = """\
The database is --db PATH (given before or after the subcommand), else $READER_DB, else the
reader's app-data database ($XDG_DATA_HOME/reader/reader/reader.sqlite3 on Linux).
Formats: apkg (Anki package; re-importing a later export updates the same notes), pleco
(Pleco flashcard text), tsv (simplified, traditional, pinyin, definition, notes, sentence).
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "vocab",
        help="list or export saved vocabulary",
        description="List the words saved in the reader, or export them for study.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="vocab_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="print the saved words, newest first")
    export = actions.add_parser("export", help="write the saved words as apkg, pleco or tsv")
    export.add_argument("--format", choices=_FORMATS, required=True, help="apkg, pleco or tsv")
    export.add_argument(
        "-o", "--output", metavar="FILE", required=True, help="file to write (- for stdout, text)"
    )
    for sub in (listing, export):
        sub.add_argument("--status", choices=_STATUSES, help="only words with this status")
        add_db_option(sub, "vocab_db")
        sub.set_defaults(func=run)


def _open(args: argparse.Namespace) -> Any:
    return open_existing_store(args, "vocab_db")


def _listing(items: list[Any]) -> str:
    from reader.cli import terminal_line
    from reader.services.study_export import pinyin_marks

    lines = []
    for item in items:
        head = item.simplified
        if item.traditional and item.traditional != item.simplified:
            head += f" [{item.traditional}]"
        meaning = "; ".join(p for p in (item.definition, item.glossary) if p)
        source = f"  ({item.source_title})" if item.source_title else ""
        text = f"#{item.id}  {item.status:<8}  {head}  {pinyin_marks(item.reading)}  {meaning}"
        lines.append(" ".join(terminal_line(text + source).split()))
    return "".join(line + "\n" for line in lines)


def run(args: argparse.Namespace) -> int:
    from reader.cli import CliError, write_output
    from reader.services.atomic_write import AtomicWriteError
    from reader.services.study_export import export_vocabulary, pleco_text, tsv_text

    store = _open(args)
    try:
        items = store.vocabulary(args.status)
    finally:
        store.close()
    if args.vocab_command == "list":
        write_output(_listing(items))
        return 0
    if args.output == "-":
        if args.format == "apkg":
            raise CliError("an Anki package cannot go to stdout; give -o FILE.apkg")
        write_output(pleco_text(items) if args.format == "pleco" else tsv_text(items))
        return 0
    try:
        count = export_vocabulary(items, args.output, args.format)
    except AtomicWriteError as exc:
        raise CliError(f"cannot write {args.output}: {exc.reason}") from None
    print(f"reader: wrote {count} word{'' if count == 1 else 's'} to {args.output}", file=sys.stderr)
    return 0
