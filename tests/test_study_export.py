"""Vocabulary export: a real Anki package, Pleco flashcard text, TSV; atomic writes."""

from __future__ import annotations

import errno
import json
import os
import re
import sqlite3
import stat
import zipfile
from pathlib import Path

import pytest

from reader.services import atomic_write, study_export
from reader.services.atomic_write import AtomicWriteError
from reader.services.study_export import (
    DECK_ID,
    FIELDS,
    MODEL_ID,
    TSV_HEADER,
    export_vocabulary,
    marked_sentence,
    pinyin_html,
)
from reader.storage.records import VocabularyItem


def _item(
    item_id: int, simplified: str, traditional: str, reading: str, **kw: str
) -> VocabularyItem:
    return VocabularyItem(
        id=item_id,
        simplified=simplified,
        traditional=traditional,
        reading=reading,
        definition=kw.get("definition", ""),
        note=kw.get("note", ""),
        sentence=kw.get("sentence", ""),
        document_id=None,
        status="learning",
        created_at="2026-03-01T00:00:00.000Z",
        sentence_other=kw.get("sentence_other", ""),
        glossary=kw.get("glossary", ""),
        source_title=kw.get("source_title", ""),
    )


ITEMS = [
    _item(
        1,
        "竞争",
        "競爭",
        "jing4 zheng1",
        definition="competition; to compete",
        note="line one\nline\ttwo",
        sentence="DeepSeek會在全球AI競爭中沉淪嗎？",
        sentence_other="DeepSeek会在全球AI竞争中沉沦吗？",
        source_title="DeepSeek <文章>",
    ),
    _item(2, "长大", "長大", "zhang3 da4", definition="to grow up"),
    _item(3, "的", "的", "de5", definition="possessive particle", glossary="的 — particle"),
]


def _collection(path: Path, tmp_path: Path) -> sqlite3.Connection:
    with zipfile.ZipFile(path) as package:
        assert "collection.anki2" in package.namelist()
        db = tmp_path / f"{path.stem}.anki2"
        db.write_bytes(package.read("collection.anki2"))
    return sqlite3.connect(db)


def test_apkg_is_a_real_anki_package(tmp_path: Path) -> None:
    out = tmp_path / "vocab.apkg"
    assert export_vocabulary(ITEMS, out, "apkg") == 3
    conn = _collection(out, tmp_path)
    notes = {
        row[1].split("\x1f")[0]: (row[0], row[1].split("\x1f"), row[2])
        for row in conn.execute("SELECT guid, flds, mid FROM notes")
    }
    assert set(notes) == {"竞争", "长大", "的"}
    guid, fields, mid = notes["竞争"]
    assert mid == MODEL_ID and len(fields) == len(FIELDS)
    assert fields[:2] == ["竞争", "競爭"]
    assert fields[2] == '<span class="tone4">jìng</span> <span class="tone1">zhēng</span>'
    assert fields[3] == "competition; to compete"
    assert fields[4] == (
        "DeepSeek會在全球AI<b>競爭</b>中沉淪嗎？<br>DeepSeek会在全球AI<b>竞争</b>中沉沦吗？"
    )
    assert fields[5] == "DeepSeek &lt;文章&gt;"
    assert fields[6] == "line one<br>line\ttwo"
    # Same form in both scripts: Traditional left empty; glossary joins the meaning.
    assert notes["的"][1][1] == "" and notes["的"][1][3] == "possessive particle; 的 — particle"
    assert notes["的"][1][2] == '<span class="tone5">de</span>'
    # Two cards per note, in the fixed deck.
    assert conn.execute("SELECT count(*) FROM cards").fetchone()[0] == 6
    assert {r[0] for r in conn.execute("SELECT did FROM cards")} == {DECK_ID}
    models = json.loads(conn.execute("SELECT models FROM col").fetchone()[0])
    model = models[str(MODEL_ID)]
    assert [t["name"] for t in model["tmpls"]] == ["Recognise", "Recall"]
    assert "{{Simplified}}" in model["tmpls"][0]["qfmt"]
    assert "{{Meaning}}" in model["tmpls"][1]["qfmt"]
    assert "{{Simplified}}" not in model["tmpls"][1]["qfmt"]
    assert [f["name"] for f in model["flds"]] == list(FIELDS)
    for colour in ("#e30000", "#02b31c", "#1510f0", "#8900bf", "#777777"):
        assert colour in model["css"]
    decks = json.loads(conn.execute("SELECT decks FROM col").fetchone()[0])
    assert str(DECK_ID) in decks
    conn.close()


def test_apkg_notes_are_tagged_with_reader_and_their_source(tmp_path: Path) -> None:
    items = [*ITEMS, _item(4, "蒸馏", "蒸餾", "zheng1 liu2", source_title='A "quoted"  title: 2')]
    out = tmp_path / "vocab.apkg"
    export_vocabulary(items, out, "apkg")
    conn = _collection(out, tmp_path)
    tags = {
        flds.split("\x1f")[0]: tags.split()
        for flds, tags in conn.execute("SELECT flds, tags FROM notes")
    }
    conn.close()
    assert tags["竞争"] == ["reader", "source::DeepSeek_<文章>"]
    assert tags["长大"] == ["reader"]  # no source document
    assert tags["蒸馏"] == ["reader", "source::A_quoted_title_2"]  # one level, no quotes


def test_apkg_deck_description_credits_cc_cedict(tmp_path: Path) -> None:
    out = tmp_path / "vocab.apkg"
    export_vocabulary(ITEMS, out, "apkg")
    conn = _collection(out, tmp_path)
    decks = json.loads(conn.execute("SELECT decks FROM col").fetchone()[0])
    conn.close()
    desc = decks[str(DECK_ID)]["desc"]
    for part in ("CC-CEDICT", "MDBG", "CC BY-SA 4.0", "creativecommons.org/licenses/by-sa/4.0"):
        assert part in desc
    assert re.search(r"data of \d{4}-\d{2}-\d{2}", desc)


def test_apkg_guids_are_stable_across_exports(tmp_path: Path) -> None:
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    export_vocabulary(ITEMS, first, "apkg")
    changed = [
        _item(1, "竞争", "競爭", "jing4 zheng1", definition="rivalry"),
        *ITEMS[1:],
    ]
    export_vocabulary(reversed(changed), second, "apkg")

    def guids(path: Path) -> dict[str, str]:
        conn = _collection(path, tmp_path)
        rows = {r[1].split("\x1f")[0]: r[0] for r in conn.execute("SELECT guid, flds FROM notes")}
        conn.close()
        return rows

    assert guids(first) == guids(second)
    assert len(set(guids(first).values())) == 3


def test_duplicates_are_exported_once_first_wins(tmp_path: Path) -> None:
    out = tmp_path / "dup.txt"
    newer = _item(9, "竞争", "競爭", "jing4 zheng1", definition="newer")
    assert export_vocabulary([newer, *ITEMS], out, "pleco") == 3
    assert out.read_text(encoding="utf-8").splitlines()[0].endswith("\tnewer")


def test_pleco_flashcard_lines(tmp_path: Path) -> None:
    out = tmp_path / "pleco.txt"
    assert export_vocabulary(ITEMS, out, "pleco") == 3
    assert out.read_text(encoding="utf-8").splitlines() == [
        "竞争[競爭]\tjing4zheng1\tcompetition; to compete",
        "长大[長大]\tzhang3da4\tto grow up",
        "的\tde5\tpossessive particle; 的 — particle",
    ]


def test_tsv_has_header_and_flat_fields(tmp_path: Path) -> None:
    out = tmp_path / "words.tsv"
    assert export_vocabulary(ITEMS, out, "tsv") == 3
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == list(TSV_HEADER)
    row = lines[1].split("\t")
    assert row == [
        "竞争",
        "競爭",
        "jìng zhēng",
        "competition; to compete",
        "line one line two",
        "DeepSeek會在全球AI競爭中沉淪嗎？",
    ]
    assert all(len(line.split("\t")) == len(TSV_HEADER) for line in lines)


def test_progress_reaches_one_and_rises(tmp_path: Path) -> None:
    many = [_item(i, f"词{i}", f"詞{i}", "ci2") for i in range(200)]
    for fmt in ("apkg", "tsv"):
        seen: list[float] = []
        export_vocabulary(many, tmp_path / f"many.{fmt}", fmt, progress=seen.append)
        assert seen[-1] == 1.0 and seen == sorted(seen) and all(0 <= f <= 1 for f in seen)


def test_failed_export_leaves_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "keep.apkg"
    out.write_bytes(b"old")

    def boom(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(study_export, "_write_apkg", boom)
    with pytest.raises(OSError):
        export_vocabulary(ITEMS, out, "apkg")
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.apkg"]


def test_export_checks_format_and_target(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        export_vocabulary(ITEMS, tmp_path / "x", "csv")
    with pytest.raises(AtomicWriteError) as caught:
        export_vocabulary(ITEMS, tmp_path, "tsv")
    assert caught.value.errno == errno.EISDIR and "is a folder" in str(caught.value)
    with pytest.raises(AtomicWriteError) as caught:
        export_vocabulary(ITEMS, tmp_path / "missing" / "x.tsv", "tsv")
    assert caught.value.errno == errno.ENOENT and "does not exist" in str(caught.value)
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("fmt", ["apkg", "pleco", "tsv"])
def test_export_through_a_symlink_keeps_the_link(tmp_path: Path, fmt: str) -> None:
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    real = real_dir / f"words.{fmt}"
    real.write_bytes(b"old")
    real.chmod(0o600)
    link = tmp_path / f"link.{fmt}"
    link.symlink_to(real)
    assert export_vocabulary(ITEMS, link, fmt) == 3
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() != b"old" and stat.S_IMODE(real.stat().st_mode) == 0o600
    if fmt == "apkg":
        assert zipfile.is_zipfile(real)
    assert os.listdir(real_dir) == [real.name]


@pytest.mark.parametrize("fmt", ["apkg", "pleco", "tsv"])
def test_export_refuses_a_named_pipe(tmp_path: Path, fmt: str) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(AtomicWriteError, match="named pipe"):
        export_vocabulary(ITEMS, fifo, fmt)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and os.listdir(tmp_path) == ["pipe"]


@pytest.mark.parametrize("fmt", ["apkg", "tsv"])
def test_disk_full_is_a_sentence_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    out = tmp_path / f"keep.{fmt}"
    out.write_bytes(b"old")

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic_write.os, "fsync", full)
    with pytest.raises(AtomicWriteError) as caught:
        export_vocabulary(ITEMS, out, fmt)
    assert str(caught.value) == "The disk is full (No space left on device)."
    assert out.read_bytes() == b"old" and os.listdir(tmp_path) == [out.name]


def test_html_helpers() -> None:
    assert pinyin_html("lv4 AI") == '<span class="tone4">lǜ</span> AI'
    assert marked_sentence("a<b競爭c", ["競爭", "竞争"]) == "a&lt;b<b>競爭</b>c"
    assert marked_sentence("no match", ["詞"]) == "no match"


RISKY = [
    _item(
        1,
        "=A1",
        "+B2",
        "jing4",
        definition="-1 or @home",
        note="=HYPERLINK(\"http://x.invalid\")",
        sentence="@他說",
    ),
    _item(2, "词", "詞", "ci2", definition="word; a=b", note="\t=tab first", sentence="\r-cr"),
]


def test_tsv_neutralises_formula_cells(tmp_path: Path) -> None:
    out = tmp_path / "risky.tsv"
    export_vocabulary(RISKY, out, "tsv")
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()[1:]]
    assert rows[0] == [
        "'=A1",
        "'+B2",
        "jìng",
        "'-1 or @home",
        "'=HYPERLINK(\"http://x.invalid\")",
        "'@他說",
    ]
    # tabs and line breaks were flattened away first; what follows them is checked too
    assert rows[1] == ["词", "詞", "cí", "word; a=b", "'=tab first", "'-cr"]


def test_pleco_lines_are_flashcards_not_spreadsheet_cells(tmp_path: Path) -> None:
    out = tmp_path / "risky.txt"
    export_vocabulary(RISKY, out, "pleco")
    assert out.read_text(encoding="utf-8").splitlines()[0] == "=A1[+B2]\tjing4\t-1 or @home"
