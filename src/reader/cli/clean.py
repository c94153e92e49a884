"""``reader clean [--json] FILE``: the cleaned text of a file, or it and its readings as JSON."""

from __future__ import annotations

import argparse
import json
from typing import Any

from reader.cli import CliError, read_input, write_output


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "clean",
        help="print a file's cleaned text (inline readings out, tags out)",
        description="Import FILE through the reader's pipeline and print the clean text. "
        "With --json, print {\"text\", \"readings\", \"report\"}: readings map code-point "
        "offsets in the clean text to the reading the source printed inline.",
    )
    parser.add_argument("file", nargs="?", help="the file (stdin when omitted or -)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument("--html", action="store_true", help="treat the input as HTML")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from reader.language.readings.pinyin import to_marks
    from reader.text.decoding import ImportRefused
    from reader.text.importer import import_document

    data, name = read_input(args.file)
    try:
        document = import_document(data, name, html=True if args.html else None)
    except ImportRefused as exc:
        raise CliError(str(exc)) from None
    if args.json:
        payload = {
            "text": document.text,
            "readings": {str(k): to_marks(v) for k, v in sorted(document.readings.items())},
            "report": document.report.to_dict(),
        }
        write_output(json.dumps(payload, ensure_ascii=False) + "\n")
    else:
        text = document.text
        write_output(text if text.endswith("\n") else text + "\n")
    return 0
