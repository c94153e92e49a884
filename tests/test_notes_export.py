"""Markdown, CSV and W3C Web Annotation JSON exports; atomic writes."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.services.atomic_write import AtomicWriteError
from reader.services.notes_export import (
    CSV_COLUMNS,
    export_bytes,
    export_file,
    export_text,
    formula_safe,
    to_markdown,
    write_atomically,
)
from reader.storage.files.opening import open_store
from reader.storage.records import DocumentInfo, Highlight
from reader.storage.store import Store

TEXT = 'DeepSeek會在全球AI競爭中沉淪嗎？\n他說:"發展"很快, 100% 可信。'


@pytest.fixture
def store(store: Store) -> Store:
    """The shared fresh store (conftest) with one document and two highlights."""
    doc = store.operations.add_document(TEXT, '文章, "quoted"')
    store.operations.add_highlight(doc, 10, 12, "green", 'note with, comma\nand "quotes"')
    store.operations.add_highlight(doc, TEXT.index("發展"), TEXT.index("發展") + 2, "pink")
    return store


def test_json_is_a_web_annotation_collection(store: Store) -> None:
    data = json.loads(export_text(store, "json"))
    assert data["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
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


#: Required by the Web Annotation Data Model (W3C Recommendation, 2017): §3.1 Annotation
#: (id, type, target), §5.1 Annotation Collection (id, type), §5.2 Annotation Page (id, type,
#: items); ``partOf`` names the collection the page belongs to.
REQUIRED = {
    "AnnotationCollection": {"@context", "id", "type", "first"},
    "AnnotationPage": {"id", "type", "items", "partOf"},
    "Annotation": {"id", "type", "target"},
}
_UUID_URN = re.compile(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def test_web_annotation_export_has_the_required_fields(store: Store) -> None:
    data = json.loads(export_text(store, "json"))
    page = data["first"]
    items = page["items"]
    for obj in (data, page, *items):
        assert REQUIRED[obj["type"]] <= obj.keys(), (obj["type"], obj.keys())
        assert _UUID_URN.fullmatch(obj["id"]), obj["id"]
    assert page["partOf"] == data["id"] and data["total"] == len(items) == 2
    ids = [data["id"], page["id"], *(item["id"] for item in items)]
    assert len(set(ids)) == len(ids)
    assert all("@context" not in item for item in items)  # given once, at the top


def _prefixes(value: object) -> set[str]:
    """The compact-IRI prefixes (``reader`` of ``reader:anchor``) used as keys anywhere."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            if ":" in key and not key.startswith("@"):
                found.add(key.split(":", 1)[0])
            found |= _prefixes(inner)
    elif isinstance(value, list):
        for inner in value:
            found |= _prefixes(inner)
    return found


def test_web_annotation_context_declares_every_prefix_used(store: Store) -> None:
    doc = store.documents()[0].id
    store.operations.reimport_document(doc, "完全不同的文字。")  # orphans: reader:anchor
    data = json.loads(export_text(store, "json"))
    context = data["@context"]
    assert context[0] == "http://www.w3.org/ns/anno.jsonld"
    declared = {k for part in context if isinstance(part, dict) for k in part}
    used = _prefixes(data)
    assert used == {"reader"} and used <= declared
    for part in context:
        if isinstance(part, dict):
            assert all(re.match(r"[a-z][a-z0-9+.-]*:", iri) for iri in part.values())


def test_highlight_ids_are_stable_and_do_not_collide_across_databases(
    store: Store, tmp_path: Path
) -> None:
    before = json.loads(export_text(store, "json"))
    first = store.all_highlights()[0]
    store.operations.set_note(first.id, "edited since")
    store.operations.add_highlight(store.documents()[0].id, 0, 2, "blue")
    after = json.loads(export_text(store, "json"))
    ids_before = [item["id"] for item in before["first"]["items"]]
    ids_after = [item["id"] for item in after["first"]["items"]]
    assert set(ids_before) < set(ids_after)  # the same highlight, the same urn:uuid
    assert after["id"] != before["id"]  # another set of highlights, another collection
    assert json.loads(export_text(store, "json"))["id"] == after["id"]  # deterministic
    # Another machine: same text, same highlight ids 1 and 2, made at another moment.
    other = open_store(tmp_path / "other.sqlite3", backup_on_open=False).store
    assert other is not None
    try:
        doc = other.operations.add_document(TEXT, "文章")
        other.operations.add_highlight(doc, 10, 12, "green")
        other.operations.add_highlight(doc, TEXT.index("發展"), TEXT.index("發展") + 2, "pink")
        theirs = [i["id"] for i in json.loads(export_text(other, "json"))["first"]["items"]]
        assert sorted(h.id for h in other.all_highlights()) == [1, 2]
    finally:
        other.close()
    assert not set(theirs) & set(ids_before)


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


# ---------------------------------------------------------------- Markdown as plain text
def test_markdown_escapes_html_links_and_block_starts(store: Store) -> None:
    doc = store.documents()[0]
    h = store.all_highlights()[0]
    note = (
        "<script>alert(1)</script>\n"
        "<img src=x onerror=alert(1)>\n"
        "[click](javascript:alert(1)) & more\n"
        "## not a heading\n"
        "> not a quote\n"
        "- not a list\n"
        "1. not numbered\n"
        "```\n"
        "   # indented\n"
        "===\r"
        "| a | b |"
    )
    fake = _FakeStore(
        replace(doc, title="Title\n# injected <b>"), [replace(h, note=note, colour="*red*")]
    )
    md = to_markdown(fake)  # type: ignore[arg-type]
    assert "<" not in md
    assert "\n## Title \\# injected &lt;b&gt;\n\n" in md
    assert "\n*\\*red\\*, characters 10–12*\n" in md
    assert md.endswith(
        "\n\n&lt;script&gt;alert(1)&lt;/script&gt;\n"
        "&lt;img src=x onerror=alert(1)&gt;\n"
        "\\[click\\](javascript:alert(1)) &amp; more\n"
        "\\#\\# not a heading\n"
        "&gt; not a quote\n"
        "\\- not a list\n"
        "1\\. not numbered\n"
        "\\`\\`\\`\n"
        "&nbsp;&nbsp;&nbsp;\\# indented\n"
        "\\===\n"
        "\\| a \\| b \\|\n"
    )


class _FakeStore:
    """Just what :func:`to_markdown` reads: documents and their highlights."""

    def __init__(self, document: DocumentInfo, highlights: list[Highlight]) -> None:
        self._document, self._highlights = document, highlights

    def documents(self) -> list[DocumentInfo]:
        return [self._document]

    def all_highlights(self) -> list[Highlight]:
        return list(self._highlights)


_LINE_ENDS = re.compile(r"\r\n|\r|\n")  # CommonMark's line endings
_DECODE = re.compile(r"\\(.)|&(amp|lt|gt|nbsp|#9);", re.S)
_ENTITY = {"amp": "&", "lt": "<", "gt": ">", "nbsp": " ", "#9": "\t"}
#: What a line of user text may not start with: indentation (code), heading, blockquote,
#: list, setext underline or thematic break, numbered list, fence, table, link label, HTML.
_BLOCK_START = re.compile(r"^(?:[ \t]|#|>|[-+*=_]|\d+[.)]|`|~|\||\[|<)")


def _plain(escaped: str) -> str:
    return _DECODE.sub(lambda m: m[1] if m[1] is not None else _ENTITY[m[2]], escaped)


def _check_user_line(line: str) -> None:
    assert not _BLOCK_START.match(line), line
    i = 0
    while i < len(line):  # every Markdown/HTML special character is escaped
        if line[i] == "\\":
            i += 2
            continue
        assert line[i] not in "[]`*_|~#<>", line
        if line[i] == "&":
            entity = _DECODE.match(line, i)
            assert entity, line
            i = entity.end()
            continue
        i += 1


_AWKWARD = st.lists(
    st.sampled_from(
        [*"#>-+*=_`~|[]()!<&\\:.1 \t\n\r", "\r\n", "字", "\u3000", "\u2028", "&amp;", "&nbsp;"]
        + ["javascript:", "<script>", "```", "1.", "1)", "- ", "## ", "    ", "---", "==="]
    )
).map("".join)
_TEXT = st.one_of(st.text(), _AWKWARD)


@settings(max_examples=300, deadline=None)
@given(title=_TEXT, quote=_TEXT, note=_TEXT, colour=_TEXT, orphan=st.booleans())
def test_markdown_user_text_renders_as_plain_text(
    markdown_records: tuple[DocumentInfo, Highlight],
    title: str,
    quote: str,
    note: str,
    colour: str,
    orphan: bool,
) -> None:
    doc, h = markdown_records
    method = "orphan" if orphan else "exact"
    h = replace(h, quote=quote, note=note, colour=colour, anchor_method=method)
    md = to_markdown(_FakeStore(replace(doc, title=title), [h]))  # type: ignore[arg-type]
    assert "<" not in md and "\r" not in md and md.endswith("\n")
    lines = md[:-1].split("\n")
    assert lines[:2] == ["# Highlights and notes", ""]
    assert lines[2].startswith("## ") and lines[3] == ""  # a one-line heading
    heading = lines[2][3:]
    if heading:
        _check_user_line(heading)
    assert _plain(heading) == " ".join(title.split())
    quote_lines: list[str] = []
    note_lines: list[str] | None = None
    for line in lines[4:]:
        if note_lines is not None:
            note_lines.append(line)  # everything after the line under the quote is the note
            continue
        if line.startswith(">"):
            assert line == ">" or line.startswith("> ")
            quote_lines.append(line[2:])
        elif line.startswith("*") and line.endswith("*") and quote_lines:
            note_lines = []
        else:
            assert line in ("", "### Not found in the current text"), line
    assert note_lines is not None
    for line in [*quote_lines, *note_lines]:
        if line:
            _check_user_line(line)
    assert _plain("\n".join(quote_lines)) == "\n".join(_LINE_ENDS.split(quote))
    shown_note = "\n".join(_LINE_ENDS.split(note)).rstrip("\n")  # the export ends with one \n
    if shown_note:
        assert note_lines[:1] == [""] and _plain("\n".join(note_lines[1:])) == shown_note
    else:
        assert note_lines == []


@pytest.fixture(scope="module")
def markdown_records(tmp_path_factory: pytest.TempPathFactory) -> tuple[DocumentInfo, Highlight]:
    s = open_store(tmp_path_factory.mktemp("md") / "r.sqlite3", backup_on_open=False).store
    assert s is not None
    try:
        doc = s.operations.add_document(TEXT, "t")
        s.operations.add_highlight(doc, 10, 12, "green", "n")
        return s.documents()[0], s.all_highlights()[0]
    finally:
        s.close()
