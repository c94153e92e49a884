"""Turning a file's bytes into text: BOMs, UTF-8, UTF-16, GB18030 and Big5, or a clear refusal."""

from __future__ import annotations

import codecs
import re
from collections import namedtuple
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple


class ImportRefused(Exception):
    """Input that cannot be imported; the message names the file and says why."""


if TYPE_CHECKING:

    class Decoded(NamedTuple):
        """Decoded text and how it was decoded."""

        text: str
        encoding: str  # codec name as Python spells it: "utf-8", "utf-16-le", "gb18030", "big5" …
        had_bom: bool

else:  # (``typing.NamedTuple`` compiles each annotation: ~1.7 ms of ``reader convert``'s start)
    Decoded = namedtuple("Decoded", "text encoding had_bom")
    Decoded.__doc__ = "Decoded text and how it was decoded."


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Bytes that never appear in text: NUL and C0 controls other than tab, LF, VT, FF, CR, ESC.
_BINARY_BYTES = frozenset(range(0, 32)) - {9, 10, 11, 12, 13, 27}
_BINARY_DELETE = bytes(sorted(_BINARY_BYTES))
_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x7fELF": "an executable program",
    b"SQLite format 3": "an SQLite database",
    b"\x1f\x8b": "a gzip archive",
}


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NULs in every other byte of ASCII-heavy text."""
    if len(data) < 4 or len(data) % 2 or data.count(0) <= len(data) // 2 * 0.3:
        return None  # (too few NULs in all for either half to hold enough)
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    if odd_nuls > half * 0.3 and even_nuls == 0:
        codec = "utf-16-le"
    elif even_nuls > half * 0.3 and odd_nuls == 0:
        codec = "utf-16-be"
    else:
        return None
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    """Characters that occur in many common words: the 4000 most frequent in pypinyin's phrase
    table (counted once per machine with the lexicon, :mod:`~reader.language.readings.lexicon`)."""
    from reader.language.readings.lexicon import lexicon

    return frozenset(lexicon().common_chars)


def _plausibility(text: str) -> float:
    """Share of Han characters in a text that are common once folded to Simplified."""
    from reader.language.scripts.converters import convert_config

    han = [ch for ch in text[:20000] if "\u4e00" <= ch <= "\u9fff"]
    if not han:
        return 0.0
    folded = convert_config("".join(han), "t2s")  # the shared converter
    common = _common_chars()
    return sum(ch in common for ch in folded) / len(folded)


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    bad = len(sample) - len(sample.translate(None, _BINARY_DELETE))
    return bad > max(1, len(sample) // 200)


def decode(data: bytes, name: str = "input") -> Decoded:
    """Decode ``data``, choosing among BOM, UTF-8, UTF-16, GB18030 and Big5.

    Raises ImportRefused, naming ``name``, for empty, binary or undecodable input.
    """
    if not data:
        raise ImportRefused(f"{name} is empty: there is no text to read.")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise ImportRefused(f"{name} is {what}, not a text file.")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom) :].decode(codec), codec.replace("-sig", ""), True)
            except UnicodeDecodeError as exc:
                raise ImportRefused(
                    f"{name} starts with a {codec.upper()} byte-order mark but is not valid "
                    f"{codec.upper()} (byte {exc.start + len(bom)})."
                ) from None
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        codec = "utf-16-le" if data[1] == 0 or data[3] == 0 else "utf-16-be"
        return Decoded(utf16, codec, False)
    if _looks_binary(data):
        raise ImportRefused(f"{name} looks like a binary file (it holds control bytes), not text.")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError:
        pass
    candidates: list[tuple[float, str, str]] = []
    for codec in ("gb18030", "big5"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((_plausibility(text), codec, text))
    if not candidates:
        raise ImportRefused(
            f"{name} is not in a text encoding the reader knows "
            "(UTF-8, UTF-16, GB18030, Big5)."
        )
    # Big5 first on a tie: Big5 bytes usually also decode as GB18030 (as nonsense), rarely conversely.
    candidates.sort(key=lambda c: (c[0], c[1] == "big5"), reverse=True)
    _score, codec, text = candidates[0]
    return Decoded(text, codec, False)


def normalise_newlines(text: str) -> tuple[str, int]:
    """CRLF and CR become LF; U+2028/2029 become LF. Returns the text and how many were changed."""
    count = text.count("\r\n")
    text = text.replace("\r\n", "\n")
    for other in ("\r", "\u2028", "\u2029", "\x85"):
        n = text.count(other)
        if n:
            count += n
            text = text.replace(other, "\n")
    return text, count


@lru_cache(maxsize=1)
def _surrogate_search() -> re.Pattern[str]:
    return re.compile("[\ud800-\udfff]")


def replace_lone_surrogates(text: str) -> tuple[str, int]:
    """``text`` with surrogate code points mended: a high and low surrogate side by side (text
    that went through UTF-16 code units) become their character, a lone one becomes U+FFFD.

    Returns the text and how many lone surrogates were replaced. Text that holds none (all
    decoded bytes, nearly all text) comes back as it is. Such text cannot be written as UTF-8:
    it would fail later, in the content hash, the database or the output.
    """
    if text.isascii() or _surrogate_search().search(text) is None:
        return text, 0
    mended = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return mended, mended.count("\ufffd") - text.count("\ufffd")
