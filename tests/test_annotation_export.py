"""Markdown, CSV and W3C Web Annotation JSON exports; atomic writes."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.annotation_export import (
    CSV_COLUMNS,
    export_bytes,
    export_file,
    export_text,
    formula_safe,
    write_atomically,
)
from reader.core.atomic_write import AtomicWriteError
from reader.core.store import Store, open_store

TEXT = 'DeepSeek會在全球AI競爭中沉淪嗎？\n他說:"發展"很快, 100% 可信。'


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(tmp_path / "reader.sqlite3", backup_on_open=False).store
    assert s is not None
    doc = s.operations.add_document(TEXT, '文章, "quoted"')
    s.operations.add_highlight(doc, 10, 12, "green", 'note with, comma\nand "quotes"')
    s.operations.add_highlight(doc, TEXT.index("發展"), TEXT.index("發展") + 2, "pink")
    yield s
    s.close()


def test_json_is_a_web_annotation_collection(store: Store) -> None:
    data = json.loads(export_text(store, "json"))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection" and data["total"] == 2
    first, second = data["first"]["items"]
    assert first["type"] == "Annotation" and first["motivation"] == "commenting"
    assert second["motivation"] == "highlighting"
    position, quote = first["target"]["selector"]
    assert position == {"type": "TextPositionSelector", "start": 10, "end": 12}
    assert quote["type"] == "TextQuoteSelector" and quote["exact"] == "全球"
    assert TEXT[position["start"] : position["end"]] == quote["exact"]
    assert quote["prefix"] == TEXT[:10] and TEXT[12:].startswith(quote["suffix"])
    assert first["target"]["source"].startswith("urn:sha256:")
    assert {"type": "TextualBody", "value": "green", "purpose": "tagging"} in first["body"]


def test_orphans_are_exported_without_position(store: Store) -> None:
    doc = store.documents()[0].id
    store.operations.reimport_document(doc, "完全不同的文字。")
    data = json.loads(export_text(store, "json"))
    for item in data["first"]["items"]:
        assert item["reader:anchor"] == "orphan"
        assert [s["type"] for s in item["target"]["selector"]] == ["TextQuoteSelector"]
    assert "Not found in the current text" in export_text(store, "md")


def test_csv_round_trips_awkward_text(store: Store) -> None:
    rows = list(csv.reader(io.StringIO(export_text(store, "csv"), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 3
    first = dict(zip(CSV_COLUMNS, rows[1], strict=True))
    assert first["document_title"] == '文章, "quoted"'
    assert first["note"] == 'note with, comma\nand "quotes"'
    assert (first["quote"], first["start"], first["end"]) == ("全球", "10", "12")


def test_markdown_lists_quotes_and_notes(store: Store) -> None:
    md = export_text(store, "md")
    assert md.startswith("# Highlights and notes\n")
    assert '## 文章, "quoted"' in md
    assert "> 全球" in md and "> 發展" in md
    assert 'note with, comma\nand "quotes"' in md


def test_unknown_format(store: Store) -> None:
    with pytest.raises(ValueError):
        export_text(store, "xlsx")


def test_write_atomically_replaces_whole_file_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    write_atomically(target, "第一版\n")
    assert target.read_text(encoding="utf-8") == "第一版\n"
    assert target.stat().st_mode & 0o777 == 0o644
    target.chmod(0o600)
    write_atomically(target, "第二版\n")
    assert target.read_text(encoding="utf-8") == "第二版\n"
    assert target.stat().st_mode & 0o777 == 0o600
    assert sorted(os.listdir(tmp_path)) == ["notes.md"]


def test_failed_write_leaves_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomically(target, "bad \ud800 surrogate")
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["notes.md"]


def test_file_bytes_csv_has_a_bom_the_others_not(store: Store, tmp_path: Path) -> None:
    csv_bytes = export_bytes(store, "csv")
    assert csv_bytes == b"\xef\xbb\xbf" + export_text(store, "csv").encode("utf-8")
    for fmt in ("md", "json"):
        assert export_bytes(store, fmt) == export_text(store, fmt).encode("utf-8")
    for fmt in ("md", "csv", "json"):
        target = tmp_path / f"out.{fmt}"
        export_file(store, target, fmt)
        assert target.read_bytes() == export_bytes(store, fmt)


def test_export_file_refuses_a_folder_and_keeps_a_symlink(store: Store, tmp_path: Path) -> None:
    with pytest.raises(AtomicWriteError, match="is a folder"):
        export_file(store, tmp_path, "md")
    real = tmp_path / "real.md"
    link = tmp_path / "link.md"
    link.symlink_to(real)
    export_file(store, link, "md")
    assert link.is_symlink() and real.read_bytes() == export_bytes(store, "md")


def test_write_atomically_is_the_shared_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(AtomicWriteError, match="named pipe"):
        write_atomically(fifo, "x")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@given(st.text())
def test_formula_safe_neutralises_exactly_the_formula_starts(cell: str) -> None:
    safe = formula_safe(cell)
    assert not safe.startswith(FORMULA_STARTS)
    assert safe == ("'" + cell if cell.startswith(FORMULA_STARTS) else cell)


def test_csv_cells_that_start_a_formula_are_neutralised(tmp_path: Path) -> None:
    s = open_store(tmp_path / "f.sqlite3", backup_on_open=False).store
    assert s is not None
    text = "-2+3 是答案。@user 說 =SUM(A1)"
    try:
        doc = s.operations.add_document(text, "=HYPERLINK(\"http://x.invalid\",\"點我\")")
        s.operations.add_highlight(doc, 0, 4, "green", "+1 同意\n=1+1")
        s.operations.add_highlight(doc, text.index("@"), text.index("@") + 5, "pink", "\tTAB")
        s.operations.add_highlight(doc, text.index("="), len(text), "blue", "\r=CR")
        s.operations.add_highlight(doc, 5, 7, "yellow", "a=b, -1 inside is fine")
        rows = list(csv.reader(io.StringIO(export_text(s, "csv"), newline="")))
        cells = {row[8]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
        quotes = {colour: c["quote"] for colour, c in cells.items()}
        assert quotes == {"green": "'-2+3", "pink": "'@user", "blue": "'=SUM(A1)", "yellow": "是答"}
        assert {colour: c["note"] for colour, c in cells.items()} == {
            "green": "'+1 同意\n=1+1",
            "pink": "'\tTAB",
            "blue": "'\r=CR",
            "yellow": "a=b, -1 inside is fine",
        }
        assert {c["document_title"] for c in cells.values()} == {
            "'=HYPERLINK(\"http://x.invalid\",\"點我\")"
        }
        assert cells["green"]["start"] == "0" and cells["pink"]["suffix"].startswith(" 說")
        for row in rows:
            assert not any(cell.startswith(FORMULA_STARTS) for cell in row)
        # JSON stays the lossless export
        items = json.loads(export_text(s, "json"))["first"]["items"]
        assert "-2+3" in [item["target"]["selector"][1]["exact"] for item in items]
    finally:
        s.close()
