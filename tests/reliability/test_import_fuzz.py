"""The importer on 10,000 random inputs: a Document or ImportRefused, never anything else.

Random bytes (with and without byte-order marks and file signatures), random text built from
what real and hostile input holds — Chinese text, inline readings like ``會(huì)``, HTML
fragments, Markdown marks, BOMs, NULs, surrogates, odd newlines, long runs of one character —
given as text and as bytes in several encodings, under .txt, .md and .html names. Each input
must be done within ``PER_INPUT_LIMIT`` CPU seconds, and every Document must hold together: its
text writes as UTF-8, its title is one line, its readings, damage and removals point into its
text. The seed is fixed: a failure names the input's index, and it reproduces.
"""

from __future__ import annotations

import codecs
import random
import time
import traceback
from dataclasses import dataclass

from reader.text.decoding import ImportRefused
from reader.text.document import Document, text_sha256
from reader.text.importer import import_document

SEED = 20_240_601
BYTE_INPUTS = 4000
TEXT_INPUTS = 6000
#: No input may take longer (the slowest take a few milliseconds).
PER_INPUT_LIMIT = 0.5

_HAN = [chr(c) for c in range(0x4E00, 0x9FA6)]
_PIECES = [
    # prose and inline readings
    "會(huì)", "行（xíng）", "的(de)", "了(liǎo)", "長(zhǎng)", "會(hui)", "中(zhōng", "(huì)", "（）",
    "深度求索(DeepSeek)", "。", "，", "！", "？", "“", "”", " ", "  ", "\t", "abc", "2019年",
    # HTML
    "<p>", "</p>", "<br/>", "<div class='a'>", "</div>", "<a href=\"x\">", "</a>", "<title>",
    "</title>", "<script>", "</script>", "<style>", "<ruby>", "<rt>", "</rt>", "<!--", "-->",
    "<!DOCTYPE html>", "<html>", "<![CDATA[", "]]>", "<?xml?>", "&amp;", "&nbsp;", "&#x4e2d;",
    "&#99999999;", "&#0;", "&", "<", ">", "</", "<a b='", "\"", "'", "?/p>", "<svg>", "</svg>",
    # Markdown
    "# ", "## ", " #", "**", "__", "~~", "*", "_", "[", "]", "](", ")", "![", "`", "```", "> ",
    "- ", "* ", "---", "===", "[a]: http://x",
    # damage, control characters, odd code points
    "?", "?!?", "!?", "\ufffd", "\ufeff", "\x00", "\x01", "\x1b", "\x7f", "\x85", "\u2028",
    "\u2029", "\u202e", "\u3000", "\r\n", "\r", "\n", "\n\n", "\ud800", "\udc00", "\udbff\udfff",
    "😀", "\U00020000", "é", "ǚ",
]
_RUN_CHARS = list(" \n?!*_#[](<>&-=~`\ufffd\x00會a") + ["\t", "\u3000"]
_NAMES = ["t.txt", "t.md", "t.html", "t.htm", "clipboard", "notes.markdown", "x.TXT"]
_CODECS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "gb18030", "big5"]
_PREFIXES = [
    b"", b"", b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE,
    b"\x89PNG", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"<html>", b"# ",
]


@dataclass
class Outcome:
    inputs: int = 0
    documents: int = 0
    refused: int = 0
    slowest: float = 0.0
    slowest_index: int = -1


def _random_text(rng: random.Random) -> str:
    parts: list[str] = []
    for _ in range(rng.randrange(0, 60)):
        roll = rng.random()
        if roll < 0.35:
            parts.append("".join(rng.choice(_HAN) for _ in range(rng.randrange(1, 12))))
        elif roll < 0.93:
            parts.append(rng.choice(_PIECES))
        else:  # a long run of one character
            parts.append(rng.choice(_RUN_CHARS) * rng.randrange(100, 20_000))
    return "".join(parts)


def _random_bytes(rng: random.Random) -> bytes:
    roll = rng.random()
    if roll < 0.5:  # noise
        body = rng.randbytes(rng.randrange(0, 4096))
    elif roll < 0.8:  # text in some encoding, perhaps damaged
        codec = rng.choice(_CODECS)
        body = _random_text(rng).encode(codec, errors="replace" if "utf" not in codec else "surrogatepass")
        for _ in range(rng.randrange(0, 3)):
            if body:
                at = rng.randrange(len(body))
                body = body[:at] + rng.randbytes(rng.randrange(1, 4)) + body[at + 1 :]
    else:  # text bytes cut at a random point (half a character at the end)
        body = _random_text(rng).encode(rng.choice(["utf-8", "utf-16-le", "gb18030"]), "replace")
        body = body[: rng.randrange(len(body) + 1)]
    return rng.choice(_PREFIXES) + body


def _check(document: Document) -> None:
    """A Document that holds together."""
    text = document.text
    text.encode("utf-8")
    assert document.sha256 == text_sha256(text)
    title = document.title
    title.encode("utf-8")
    assert title and title == title.strip() and "\n" not in title and "  " not in title
    assert not any(ch < " " or "\x7f" <= ch <= "\x9f" for ch in title), repr(title)
    for offset, reading in document.readings.items():
        assert 0 <= offset < len(text) and reading[-1] in "12345", (offset, reading)
    for spot in document.report.damage:
        assert text[spot.start : spot.end] == spot.snippet
    for removal in document.report.stray_tags:
        assert 0 <= removal.position <= len(text)
    document.report.summary().encode("utf-8")
    document.report.source_name.encode("utf-8")


def _import(data: bytes | str, name: str, html: bool | None, title: str | None) -> tuple[float, bool]:
    """(CPU seconds the import took, whether it was refused); raises whatever else it raised.

    CPU time of this thread, not the wall clock: on a machine whose cores are busy with other
    work, a 60 ms import waited 0.5 s for a core (what this limit looks for is an input that
    makes the importer itself work too long: a quadratic pattern)."""
    start = time.thread_time()
    try:
        document = import_document(data, name, html=html, title=title)
    except ImportRefused as refusal:
        elapsed = time.thread_time() - start
        str(refusal).encode("utf-8")
        return elapsed, True
    elapsed = time.thread_time() - start
    _check(document)
    return elapsed, False


def test_random_inputs_import_or_are_refused() -> None:
    rng = random.Random(SEED)
    outcome = Outcome()
    failures: list[str] = []
    for index in range(BYTE_INPUTS + TEXT_INPUTS):
        data: bytes | str = _random_bytes(rng) if index < BYTE_INPUTS else _random_text(rng)
        name = rng.choice(_NAMES)
        html = rng.choice([None, None, None, True, False])
        title = rng.choice([None, None, None, _random_text(rng)[:80]])
        outcome.inputs += 1
        try:
            seconds, refused = _import(data, name, html, title)
            if seconds > PER_INPUT_LIMIT:  # a busy machine's pause, or slow? Time it again.
                seconds = min(seconds, *(_import(data, name, html, title)[0] for _ in range(2)))
        except Exception:  # noqa: BLE001 - every other exception is what this test looks for
            failures.append(f"input {index} ({name}, {data[:60]!r}…): {traceback.format_exc(limit=3)}")
            continue
        if refused:
            outcome.refused += 1
        else:
            outcome.documents += 1
        if seconds > outcome.slowest:
            outcome.slowest, outcome.slowest_index = seconds, index
        if seconds > PER_INPUT_LIMIT:
            failures.append(f"input {index} ({name}, {len(data)} long) took {seconds:.2f} s")
    print(
        f"\nfuzz: {outcome.inputs} inputs, {outcome.documents} documents, {outcome.refused} "
        f"refused, {len(failures)} failures; slowest {outcome.slowest * 1000:.1f} ms "
        f"(input {outcome.slowest_index})"
    )
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures[:10])
    assert outcome.documents > 2000 and outcome.refused > 1000  # both paths were exercised
