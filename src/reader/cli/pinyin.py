"""``reader pinyin [--style marks|numbers|zhuyin] [--tone-sandhi] [--json] [FILE]``: readings.

Readings are computed over the whole input at once (:func:`reader.language.readings.readings.
compute_readings`: phrase data and the polyphone model, so 長度 reads cháng and 長大 zhǎng),
in the tone convention the window uses (:mod:`reader.language.readings.tone_convention`):
citation tones for 一 and 不 (一代 yī dài), or with ``--tone-sandhi`` their spoken tone
changes (yí dài); the tones of a CC-CEDICT word are its entry's (消息 xiāoxi).

Output, one line per input line:

* plain: the line transliterated — every Han character replaced by its reading, readings
  separated by a space from each other and from the neighbouring text; everything else
  (Latin words, digits, punctuation) kept as it is:
  ``DeepSeek會在全球AI競爭中。`` → ``DeepSeek huì zài quán qiú AI jìng zhēng zhōng。``
  (no space before closing punctuation or after opening punctuation);
* ``--json``: a JSON array with one item per character (code point) of the line: the
  reading in the chosen style, or null for a character that is not Han.
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from typing import Any

from reader.cli import read_lines, write_output

_STYLES = ("marks", "numbers", "zhuyin")


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "pinyin",
        help="print the readings (pinyin or zhuyin) of a text",
        description="Print FILE (or stdin) with every Han character replaced by its reading, "
        "read in context. With --json, print for each line a JSON array with the reading of "
        "each character (null for characters that are not Han).",
    )
    parser.add_argument("file", nargs="?", help="the file (stdin when omitted or -)")
    parser.add_argument(
        "--style", choices=_STYLES, default="marks", help="tone marks (default), numbers, zhuyin"
    )
    parser.add_argument(
        "--tone-sandhi",
        action="store_true",
        help="the spoken tone changes of 一 and 不 (一代 yí dài) instead of citation tones",
    )
    parser.add_argument("--json", action="store_true", help="one JSON array per line")
    parser.set_defaults(func=run)


def transliterate(line: str, readings: list[str | None]) -> str:
    """The plain form of one line: Han characters replaced by their readings."""
    out: list[str] = []
    pending = ""
    for ch, reading in zip(line, readings, strict=True):
        if reading is None:
            pending += ch
            continue
        if pending:
            out.append(pending)
            pending = ""
        out.append(reading)
    if pending:
        out.append(pending)
    joined: list[str] = []
    for piece in out:
        if joined and _needs_space(joined[-1][-1], piece[0]):
            joined.append(" ")
        joined.append(piece)
    return "".join(joined)


def _needs_space(before: str, after: str) -> bool:
    """A space between pieces, except at whitespace, before closing and after opening marks."""
    if before.isspace() or after.isspace():
        return False
    closing = unicodedata.category(after) in ("Po", "Pe", "Pf")
    opening = unicodedata.category(before) in ("Ps", "Pi")
    return not (closing or opening)


def run(args: argparse.Namespace) -> int:
    from reader.language.readings.pinyin_styles import PinyinStyle, format_syllable
    from reader.language.readings.readings import compute_readings
    from reader.language.readings.tone_convention import conform_cached
    from reader.paths.cache import default_cache_dir

    lines = read_lines(args.file)
    if not lines:
        return 0
    joined = "\n".join(lines)
    raw = compute_readings(joined)
    readings = conform_cached(joined, raw, default_cache_dir()).pick(args.tone_sandhi)
    style = PinyinStyle(args.style)
    out: list[str] = []
    pos = 0
    for line in lines:
        styled = [format_syllable(r, style) if r else None for r in readings[pos : pos + len(line)]]
        pos += len(line) + 1
        if args.json:
            out.append(json.dumps(styled, ensure_ascii=False))
        else:
            out.append(transliterate(line, styled))
    write_output("".join(line + "\n" for line in out))
    return 0
