"""The window's plain command line is read without argparse (issue O: 3-7 ms of the start);
it gives what the parser gives, and leaves every other form to the parser."""

from __future__ import annotations

import pytest

from reader.cli import _plain_command, build_parser


@pytest.mark.parametrize(
    "words",
    [
        [],
        ["--smoke-test"],
        ["--first-paint-only", "--smoke-test"],
        ["--db", "notes.sqlite3"],
        ["--db=notes.sqlite3"],
        ["--db", "x.sqlite3", "--smoke-test", "--first-paint-only"],
    ],
)
def test_the_windows_plain_forms_read_as_the_parser_reads_them(words: list[str]) -> None:
    quick = _plain_command(words)
    assert quick is not None
    assert vars(quick) == vars(build_parser(False).parse_args(words))


@pytest.mark.parametrize(
    "words",
    [
        ["--smoke"],  # an abbreviation: the parser's to accept
        ["-h"],
        ["--help"],
        ["--version"],
        ["--db"],
        ["--db="],
        ["--db", "--smoke-test"],
        ["--smoke-test", "--smoke-test"],
        ["--db", "a", "--db", "b"],
        ["--", "file.txt"],
        ["notes", "list"],
        ["--unknown"],
    ],
)
def test_every_other_form_is_left_to_the_parser(words: list[str]) -> None:
    assert _plain_command(words) is None
