"""CC-CEDICT's credit (publisher, licence, date of the data) read from its file's header."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from reader.language.words.dictionary_credit import (
    DEFAULT_LICENCE_URL,
    dictionary_credit,
    read_credit,
)

HEADER = """\
# CC-CEDICT
# Published by MDBG
#! version=1
#! entries=3
#! publisher=MDBG
#! license=https://creativecommons.org/licenses/by-sa/4.0/
#! date=2024-05-01T06:42:16Z
中國 中国 [Zhong1 guo2] /China/
"""


def test_the_bundled_copy_is_credited_with_its_date() -> None:
    credit = dictionary_credit()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", credit.date)
    assert credit.publisher == "MDBG" and credit.entries and credit.entries > 100_000
    sentence = credit.sentence()
    assert "CC-CEDICT" in sentence and "CC BY-SA 4.0" in sentence and credit.date in sentence
    assert f'href="{DEFAULT_LICENCE_URL}"' in credit.html()


def test_header_fields_of_a_gzip_or_plain_file(tmp_path: Path) -> None:
    plain = tmp_path / "cedict.txt"
    plain.write_text(HEADER, encoding="utf-8")
    packed = tmp_path / "cedict.txt.gz"
    packed.write_bytes(gzip.compress(HEADER.encode("utf-8")))
    for path in (plain, packed):
        credit = read_credit(path)
        assert (credit.date, credit.entries, credit.publisher) == ("2024-05-01", 3, "MDBG")


def test_a_silent_or_missing_file_still_credits_mdbg_and_the_licence(tmp_path: Path) -> None:
    bare = tmp_path / "bare.txt"
    bare.write_text("中國 中国 [Zhong1 guo2] /China/\n", encoding="utf-8")
    for path in (bare, tmp_path / "missing.txt.gz"):
        credit = read_credit(path)
        assert credit.date == "" and credit.publisher == "MDBG"
        assert "data of" not in credit.sentence() and DEFAULT_LICENCE_URL in credit.sentence()
