"""``reader convert``: a text in another script, or its offset map as JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

    from reader.language.scripts.script import Script

_SCRIPTS = ("simplified", "traditional", "taiwan", "hongkong")

_EPILOG = """\
With --with-offsets the output is one JSON object:
  {"script": TARGET or null, "configs": [OpenCC configurations applied, in order],
   "source": "simplified"|"traditional"|null, "canonical_length": N, "display_length": M,
   "text": the converted text,
   "segments": [[c_start, c_end, d_start, d_end], ...]}
Positions are code points. "segments" lists only the segments whose length changes
(云计算 -> 雲端計算 is [0, 3, 0, 4]); between them positions map one to one, shifted by the
length changes before them.

--to converts by meaning, like the window: 著 by its reading, the source's non-standard
forms normalised in the Traditional scripts, Taiwan phrases kept from names, glossary terms
and single-sense words (消息 stays 消息). --config applies one OpenCC configuration as is.
"""


def parse_plain(words: list[str]) -> dict[str, Any] | None:
    """The options of ``reader convert WORDS`` in its plain forms (``--to SCRIPT``, or
    ``--to=SCRIPT``, ``--with-offsets`` and a FILE, in any order), read without argparse
    (importing it and building the parsers is a tenth of a short conversion); None for any
    other form, which the parser reads (and explains when it is wrong). The result is what the
    parser gives for the same words (tests/test_text_only_conversion.py)."""
    to: str | None = None
    file: str | None = None
    with_offsets = False
    i = 0
    while i < len(words):
        word = words[i]
        if word == "--to" and i + 1 < len(words) and to is None:
            to = words[i + 1]
            i += 1
        elif word.startswith("--to=") and to is None:
            to = word.removeprefix("--to=")
        elif word == "--with-offsets":
            with_offsets = True
        elif (word == "-" or not word.startswith("-")) and file is None:
            file = word
        else:
            return None
        i += 1
    if to not in _SCRIPTS:
        return None
    return {"to": to, "config": None, "with_offsets": with_offsets, "file": file}


def register(subparsers: Any) -> None:
    import argparse

    parser = subparsers.add_parser(
        "convert",
        help="convert Chinese text between Simplified and Traditional scripts (OpenCC)",
        description="Convert FILE (or stdin) to another script and print it to stdout.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument(
        "--to",
        choices=_SCRIPTS,
        help="target script; the source script is detected "
        "(taiwan = Taiwan forms and phrases, like OpenCC s2twp)",
    )
    target.add_argument(
        "--config", metavar="NAME", help="one OpenCC configuration by name, e.g. s2twp or t2s"
    )
    parser.add_argument(
        "--with-offsets", action="store_true", help="print a JSON offset map (see below)"
    )
    parser.add_argument("file", nargs="?", metavar="FILE", help="input file (default: stdin)")
    parser.set_defaults(func=run)


def _decode(data: bytes, name: str) -> str:
    """Input bytes as text, decoded by the importer's rules (BOMs, UTF-8, UTF-16, GB18030, Big5)."""
    from reader.cli import CliError
    from reader.text.decoding import ImportRefused, decode

    if not data:
        return ""
    try:
        return decode(data, name).text
    except ImportRefused as exc:
        raise CliError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    from reader.cli import CliError, read_input, write_output
    from reader.language.scripts.converters import convert_chain
    from reader.language.scripts.script import Script

    data, name = read_input(args.file)
    text = _decode(data, name)
    if args.config is not None:
        configs: tuple[str, ...] = (args.config,)
        try:
            convert_chain("", configs)
        except ValueError as exc:
            raise CliError(str(exc)) from None
        if not args.with_offsets:
            write_output(convert_chain(text, configs, whole=True))  # no GUI thread here
            return 0
    elif not args.with_offsets:
        # the text alone: no offset map, the source script detected only where it matters
        from reader.language.scripts.script import convert_text

        target = Script(args.to)
        write_output(convert_text(text, target, None, _names(target)))
        return 0
    return _with_offsets(args, text)


def _names(target: Script) -> tuple[str, ...]:
    """The glossary's terms that Taiwan phrases must not rewrite (none for other targets)."""
    if target.value != "taiwan":
        return ()
    from reader.language.words.glossary import bundled_protected_terms

    return tuple(bundled_protected_terms())


def _with_offsets(args: argparse.Namespace, text: str) -> int:
    """The conversion and its offset map as one JSON object (see the epilog)."""
    import json

    from reader.cli import write_output
    from reader.language.scripts.alignment import align
    from reader.language.scripts.converters import convert_chain
    from reader.language.scripts.script import Script, configs_for, convert, detect_script

    source: Script | None = None
    if args.config is not None:
        configs: tuple[str, ...] = (args.config,)
        display, offsets = align(text, lambda t: convert_chain(t, configs))
    else:
        source = detect_script(text)
        target = Script(args.to)
        configs = configs_for(source, target)
        conversion = convert(text, target, source, _names(target))
        display, offsets = conversion.text, conversion.offsets
    payload = {
        "script": args.to,
        "configs": list(configs),
        "source": source.value if source is not None else None,
        "canonical_length": offsets.canonical_length,
        "display_length": offsets.display_length,
        "text": display,
        "segments": [list(seg) for seg in offsets.segments()],
    }
    write_output(json.dumps(payload, ensure_ascii=False) + "\n")
    return 0
