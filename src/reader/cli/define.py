"""``reader define [--json] WORD``: the glossary's and CC-CEDICT's entries for a word.

Glossary entries come first: the bundled ones and the user's own from the notes database
(``--db``, ``$READER_DB`` or the app-data one), opened read-only and only if it exists. Then
every CC-CEDICT entry (all homographs) whose Traditional or Simplified headword is WORD, or
WORD converted to the other script. Exit status 1 when nothing is found.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from typing import Any

_EPILOG = """\
The user's glossary is read from --db PATH, else $READER_DB, else the reader's app-data
database; nothing is created when there is none. The dictionary index is cached in the same
folder the window uses ($XDG_CACHE_HOME/reader/reader on Linux); the first run builds it.
"""


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "define",
        help="look a word up in the glossary and CC-CEDICT",
        description="Print the glossary entries and the CC-CEDICT entries for WORD "
        "(Traditional or Simplified).",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("word", metavar="WORD", help="the word to look up")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--db",
        dest="define_db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="notes database (overrides --db before the subcommand and $READER_DB)",
    )
    parser.set_defaults(func=run)


def glossary_matches(word: str, glossary: Any) -> list[Any]:
    """Entries having ``word`` as a term: as written, in another script, or ignoring case."""
    from reader.language.words.glossary import script_variants

    found: dict[str, Any] = {}
    for form in script_variants(word):
        entry = glossary.entry_for(form)
        if entry is not None:
            found.setdefault(entry.id, entry)
    folded = word.casefold()
    for entry in glossary.entries:
        if any(term.casefold() == folded for term in entry.terms):
            found.setdefault(entry.id, entry)
    return list(found.values())


def dictionary_entries(word: str, dictionary: Any) -> list[Any]:
    """CC-CEDICT entries of ``word`` and of its other-script forms, the word's usual reading
    first (``entry_order``: common words before names, then frequency)."""
    from reader.language.scripts.converters import convert_config
    from reader.language.words.entry_order import order_entries

    forms = list(dict.fromkeys([word, convert_config(word, "t2s"), convert_config(word, "s2t")]))
    found = dictionary.entries_many(forms)
    entries = list(dict.fromkeys(e for form in forms for e in found.get(form, [])))
    return list(order_entries(entries, word))


def _load_dictionary() -> Any:
    from reader.cli import CliError
    from reader.language.words.dictionary import Dictionary, DictionaryError
    from reader.paths.cache import default_cache_dir

    folder = default_cache_dir()
    try:
        if not Dictionary.is_cached(folder):
            print("reader: preparing the dictionary (first run)…", file=sys.stderr)
        return Dictionary.load(folder)
    except (DictionaryError, OSError, sqlite3.Error) as exc:
        raise CliError(f"cannot open the dictionary: {exc}") from None


def _entry_json(entry: Any, word: str) -> dict[str, Any]:
    from reader.language.words.sense_markup import plain_sense
    from reader.language.words.word_lookup import cedict_pinyin_to_marks

    simplified = word == entry.simplified != entry.traditional
    return {
        "traditional": entry.traditional,
        "simplified": entry.simplified,
        "pinyin": entry.pinyin,
        "pinyin_marks": cedict_pinyin_to_marks(entry.pinyin),
        "senses": list(entry.senses),
        "senses_plain": [plain_sense(s, simplified) for s in entry.senses],
    }


def _glossary_json(entry: Any) -> dict[str, Any]:
    from reader.language.words.term_pinyin import term_pinyin, term_pinyin_marks

    return {
        "id": entry.id,
        "headword": entry.headword,
        "chinese_name": entry.chinese_name or None,
        "pinyin": " ".join(term_pinyin(entry)) or None,
        "pinyin_marks": term_pinyin_marks(entry) or None,
        "aliases": list(entry.aliases),
        "category": entry.category,
        "gloss": entry.gloss,
        "explanation_en": entry.explanation_en,
        "explanation_zh": entry.explanation_zh,
        "user": entry.user,
    }


def format_text(glossary_entries: list[Any], entries: list[Any], word: str = "") -> str:
    """The plain-text listing: glossary entries (with the reading of their Chinese name),
    then dictionary entries (CC-CEDICT's references written as words and readings, in
    ``word``'s script)."""
    from reader.language.words.sense_markup import plain_sense
    from reader.language.words.term_pinyin import term_pinyin_marks
    from reader.language.words.word_lookup import cedict_pinyin_to_marks

    lines: list[str] = []
    for g in glossary_entries:
        origin = "your glossary" if g.user else "glossary"
        name = g.headword
        if g.chinese_name and g.chinese_name != g.headword:
            name += f" {g.chinese_name}"
        reading = term_pinyin_marks(g)
        if reading:
            name += f"  {reading}"
        lines.append(f"{name}  [{origin} · {g.category}]  {g.gloss}".rstrip())
        others = [a for a in g.aliases if a != g.headword]
        if others:
            lines.append("  also: " + ", ".join(others))
        for text in (g.explanation_en, g.explanation_zh):
            if text:
                lines.append("  " + " ".join(text.split()))
        lines.append("")
    for e in entries:
        head = (
            e.traditional if e.traditional == e.simplified else f"{e.traditional} [{e.simplified}]"
        )
        lines.append(f"{head}  {cedict_pinyin_to_marks(e.pinyin)}  ({e.pinyin})  [CC-CEDICT]")
        simplified = word == e.simplified != e.traditional
        lines.extend(
            f"  {i}. {plain_sense(sense, simplified)}" for i, sense in enumerate(e.senses, 1)
        )
        lines.append("")
    while lines and not lines[-1]:
        lines.pop()
    return "".join(line + "\n" for line in lines)


def run(args: argparse.Namespace) -> int:
    import json

    from reader.cli import write_output
    from reader.cli.store_access import user_glossary_rows
    from reader.language.words.glossary import Glossary
    from reader.paths.data import resolve_db_path
    from reader.services.user_glossary import build_glossary

    word = " ".join(args.word.split())
    if not word:
        print("reader: define: give a word to look up", file=sys.stderr)
        return 1
    db_path = resolve_db_path(getattr(args, "define_db", None) or args.db, os.environ)
    glossary = build_glossary(Glossary.load_bundled(), user_glossary_rows(db_path))
    found_glossary = glossary_matches(word, glossary)
    dictionary = _load_dictionary()
    try:
        found = dictionary_entries(word, dictionary)
    finally:
        dictionary.close()
    if args.json:
        payload = {
            "word": word,
            "glossary": [_glossary_json(g) for g in found_glossary],
            "dictionary": [_entry_json(e, word) for e in found],
        }
        write_output(json.dumps(payload, ensure_ascii=False) + "\n")
    elif found_glossary or found:
        write_output(format_text(found_glossary, found, word))
    if not found_glossary and not found:
        print(f"reader: define: {word!r} is in neither the glossary nor CC-CEDICT", file=sys.stderr)
        return 1
    return 0
