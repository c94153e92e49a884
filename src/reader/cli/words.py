"""``reader words [--json] [--style marks|numbers|zhuyin] [FILE]``: a text cut into words.

The segmentation is the one the window uses (:mod:`reader.language.segmentation`: maximum
probability over CC-CEDICT, pypinyin's phrases and the glossary, bundled and the user's, with
jieba's word frequencies). Each line is segmented on its own.

Output, one line per input line:

* plain: the tokens separated by ``/`` (no ``/`` next to a run of whitespace, which is shown
  as it is): ``為/逐漸/冷卻/的/市場/情緒``;
* ``--json``: a JSON array of tokens ``{"text", "start", "end", "pinyin", "glossary"}``:
  code-point offsets in the line (the tokens cover it with no gap), the reading of the
  token's Han characters in context (the same as ``reader pinyin`` gives them, syllables
  separated by a space) or null when it has none, and the id of the glossary entry whose
  term the token is (``"deepseek"``, ``"user:12"`` for the user's own) or null.

The text is read as it is (decoded, not imported): for a file with inline readings or markup,
pipe ``reader clean FILE`` into ``reader words``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from reader.cli import CliError, read_lines, terminal_line, write_output
from reader.cli.store_access import add_db_option

_STYLES = ("marks", "numbers", "zhuyin")


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "words",
        help="print a text cut into words",
        description="Print FILE (or stdin) cut into words, line by line, as the reader's word "
        "popup sees them. With --json, print for each line a JSON array of tokens "
        '{"text", "start", "end", "pinyin", "glossary"}.',
        epilog="The user's glossary is read from --db PATH, else $READER_DB, else the reader's "
        "app-data database; nothing is created when there is none. The word list is cached in "
        "the folder the window uses; the first run builds it (a few seconds).",
    )
    parser.add_argument("file", nargs="?", help="the file (stdin when omitted or -)")
    parser.add_argument("--json", action="store_true", help="one JSON array of tokens per line")
    parser.add_argument(
        "--style",
        choices=_STYLES,
        default="marks",
        help="readings in --json: tone marks (default), numbers, zhuyin",
    )
    add_db_option(parser, "words_db")
    parser.set_defaults(func=run)


def _segmenter(args: argparse.Namespace) -> Any:
    from reader.paths.data import resolve_db_path

    return segmenter_for(resolve_db_path(getattr(args, "words_db", None) or args.db, os.environ))


def segmenter_for(db_path: Any) -> Any:
    """The window's segmenter: the word model (built in the cache on a first run, said on
    stderr) with the bundled glossary and the user's own from ``db_path``."""
    from reader.cli.store_access import user_glossary_rows
    from reader.language.segmentation.model import ModelError, WordModel
    from reader.language.segmentation.segmenter import Segmenter
    from reader.language.words.glossary import Glossary
    from reader.paths.cache import default_cache_dir
    from reader.services.user_glossary import build_glossary

    glossary = build_glossary(Glossary.load_bundled(), user_glossary_rows(db_path))
    folder = default_cache_dir()
    def building() -> None:
        print("reader: preparing the word list (first run)…", file=sys.stderr)

    try:
        model = WordModel.load(folder, on_build=building)
    except ModelError as exc:
        raise CliError(f"cannot prepare the word list: {exc}") from None
    return Segmenter(model, glossary)


def plain_line(line: str, words: list[str]) -> str:
    """Tokens joined by ``/``, except next to whitespace (shown as it is)."""
    out: list[str] = []
    for word in words:
        if out and not word.isspace() and not out[-1].isspace():
            out.append("/")
        out.append(word)
    return terminal_line("".join(out))


def tokens_json(
    line: str, segmentation: Any, readings: list[str | None], segmenter: Any
) -> list[dict[str, Any]]:
    """The ``--json`` array of one line; ``readings`` are styled, one per code point."""
    out: list[dict[str, Any]] = []
    for token in segmentation:
        syllables = [r for r in readings[token.start : token.end] if r]
        entry = segmenter.glossary_entry(line, token)
        out.append(
            {
                "text": line[token.start : token.end],
                "start": token.start,
                "end": token.end,
                "pinyin": " ".join(syllables) if syllables else None,
                "glossary": entry.id if entry is not None else None,
            }
        )
    return out


def run(args: argparse.Namespace) -> int:
    from reader.language.readings.pinyin_styles import PinyinStyle, format_syllable
    from reader.language.readings.readings import compute_readings

    lines = read_lines(args.file)
    if not lines:
        return 0
    segmenter = _segmenter(args)
    readings: list[str | None] = []
    if args.json:
        style = PinyinStyle(args.style)
        raw = compute_readings("\n".join(lines))
        readings = [format_syllable(r, style) if r else None for r in raw]
    out: list[str] = []
    pos = 0
    for line in lines:
        segmentation = segmenter.segment(line)
        if args.json:
            tokens = tokens_json(line, segmentation, readings[pos : pos + len(line)], segmenter)
            out.append(json.dumps(tokens, ensure_ascii=False))
        else:
            out.append(plain_line(line, segmentation.words()))
        pos += len(line) + 1
    write_output("".join(line + "\n" for line in out))
    return 0
