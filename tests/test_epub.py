"""EPUB books through the importer (issue N.1): one canonical text with its chapters, ruby
readings, alt text; DRM and broken books refused with a sentence naming the file."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from reader.storage.store import Store
from reader.text.decoding import ImportRefused
from reader.text.importer import import_document, looks_like_epub, read_file
from tests.epub_maker import BookSpec, ChapterSpec, make_epub, sample_book

ENCRYPTION = """<?xml version="1.0"?>
<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"
  xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
  <enc:EncryptedData>
    <enc:EncryptionMethod Algorithm="{algorithm}"/>
    <enc:CipherData><enc:CipherReference URI="{uri}"/></enc:CipherData>
  </enc:EncryptedData>
</encryption>"""


def _book(**changes: object) -> bytes:
    spec = sample_book()
    for key, value in changes.items():
        setattr(spec, key, value)
    return make_epub(spec)


def test_a_book_is_one_text_with_its_chapters() -> None:
    document = import_document(_book(), "/books/长城.epub")
    assert document.title == "长城的故事"
    titles = [c.title for c in document.chapters]
    assert titles == ["第一章 开始", "第二章 长城", "第三章 结束"]
    for chapter in document.chapters:  # each chapter starts with its heading, on its own line
        assert document.text.startswith(chapter.title + "\n", chapter.start)
        assert chapter.start == 0 or document.text[chapter.start - 2 : chapter.start] == "\n\n"
    # the nav document (目录) and the cover with an image without alt text add no text
    assert "目录" not in document.text
    assert "封面" not in document.text


def test_ruby_becomes_readings_and_images_their_alt_text() -> None:
    document = import_document(_book(), "book.epub")
    text = document.text
    assert "漢字很美。北京是首都。" in text
    han = text.index("漢字")
    assert document.readings[han] == "han4" and document.readings[han + 1] == "zi4"
    beijing = text.index("北京")
    assert (document.readings[beijing], document.readings[beijing + 1]) == ("bei3", "jing1")
    assert "插图：长城的照片" in text
    notes = " · ".join(document.report.notes)
    assert "1 image replaced by the alt text" in notes
    assert "1 image without alt text left out" in notes
    assert "3 chapters" in notes and "4 readings taken from <ruby> markup" in notes


def test_an_epub2_book_reads_its_ncx() -> None:
    document = import_document(_book(nav=False), "book.epub")
    assert [c.title for c in document.chapters] == ["第一章 开始", "第二章 长城", "第三章 结束"]


def test_a_chapter_without_its_heading_gets_the_title_of_the_toc() -> None:
    spec = BookSpec(
        chapters=[
            ChapterSpec("序", ["这是序言。"], heading=False),
            ChapterSpec("第一章", ["正文开始。"]),
        ]
    )
    document = import_document(make_epub(spec), "book.epub")
    assert document.text == "序\n这是序言。\n\n第一章\n正文开始。"
    assert [(c.title, c.start) for c in document.chapters] == [("序", 0), ("第一章", 9)]


def test_a_book_without_a_table_of_contents_has_a_chapter_per_spine_item() -> None:
    document = import_document(_book(nav=False, ncx=False), "book.epub")
    assert [c.title for c in document.chapters] == ["第一章 开始", "第二章 长城", "第三章 结束"]


def test_an_epub_is_known_by_its_content_as_well_as_its_name() -> None:
    data = _book()
    assert looks_like_epub(data, "book.epub") and looks_like_epub(data, "download.bin")
    assert import_document(data, "download.bin").chapters
    assert not looks_like_epub(b"PK\x03\x04 a zip of something else", "x.zip")


def test_an_edited_edition_reanchors_its_highlights(store: Store) -> None:
    first = import_document(_book(), "book.epub")
    document_id = store.operations.add_document(first.text, first.title, "book.epub", first.readings)
    at = first.text.index("长城很长")
    highlight = store.operations.add_highlight(document_id, at, at + 4)
    spec = sample_book()
    spec.chapters[0].paragraphs = [*spec.chapters[0].paragraphs, "新版增加了一段话。"]
    second = import_document(make_epub(spec), "book.epub")
    placements = store.operations.reimport_document(document_id, second.text, second.readings)
    assert placements[highlight].method in ("exact", "context")  # moved, found by its quote
    (stored,) = store.highlights(document_id)
    assert second.text[stored.start : stored.end] == "长城很长"
    assert stored.start == second.text.index("长城很长") != at


def _refusal(data: bytes, name: str = "/books/坏书.epub") -> str:
    with pytest.raises(ImportRefused) as caught:
        import_document(data, name)
    message = str(caught.value)
    assert message.startswith(Path(name).name)
    return message


def test_drm_is_refused_with_a_sentence() -> None:
    adept = _book(extra_files={"META-INF/rights.xml": b"<rights/>"})
    assert _refusal(adept) == "坏书.epub is protected by DRM (Adobe ADEPT) and cannot be opened."
    encrypted = ENCRYPTION.format(
        algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc", uri="OEBPS/text/ch001.xhtml"
    )
    content = _book(extra_files={"META-INF/encryption.xml": encrypted.encode()})
    assert _refusal(content) == (
        "坏书.epub is protected by DRM (ch001.xhtml is encrypted) and cannot be opened."
    )
    lcp = _book(extra_files={"META-INF/license.lcpl": b"{}"})
    assert "Readium LCP" in _refusal(lcp)


def test_font_obfuscation_is_no_drm() -> None:
    fonts = ENCRYPTION.format(
        algorithm="http://www.idpf.org/2008/embedding", uri="OEBPS/fonts/kai.otf"
    )
    document = import_document(_book(extra_files={"META-INF/encryption.xml": fonts.encode()}), "b.epub")
    assert len(document.chapters) == 3


def test_broken_books_are_refused_with_a_sentence() -> None:
    assert "not a zip archive" in _refusal(b"this is not a zip at all")
    assert "not a zip archive" in _refusal(_book()[:300])  # cut short
    assert _refusal(_book(drop=["OEBPS/content.opf"])) == (
        "坏书.epub is a damaged EPUB: its package document OEBPS/content.opf is missing."
    )
    assert _refusal(_book(drop=["META-INF/container.xml"])) == (
        "坏书.epub is a damaged EPUB: it has no META-INF/container.xml."
    )
    assert _refusal(_book(drop=["OEBPS/nav.xhtml"])) == (
        "坏书.epub is a damaged EPUB (There is no item named 'OEBPS/nav.xhtml' in the archive) "
        "and cannot be opened."
    )
    assert _refusal(_book(drop=["OEBPS/content.opf"], extra_files={"META-INF/container.xml": b"<x/>"})) == (
        "坏书.epub is a damaged EPUB: META-INF/container.xml names no package document."
    )
    empty = make_epub(BookSpec(chapters=[]))
    assert _refusal(empty) == "坏书.epub is an EPUB with no text to read."


def test_a_missing_chapter_is_left_out_and_said() -> None:
    document = import_document(_book(drop=["OEBPS/text/ch002.xhtml"]), "book.epub")
    assert "长城很长" not in document.text and "谢谢你的阅读。" in document.text
    assert "1 spine item missing or not text, skipped" in document.report.notes


def test_a_book_that_unpacks_too_large_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import reader.text.epub as epub_module  # its MAX_BYTES

    monkeypatch.setattr(epub_module, "MAX_BYTES", 2000)
    big = make_epub(BookSpec(chapters=[ChapterSpec("一", ["长" * 3000])]))
    assert "unpacks to" in _refusal(big)


def test_a_book_is_read_from_a_file_through_the_size_limited_reader(tmp_path: Path) -> None:
    path = tmp_path / "书.epub"
    path.write_bytes(_book())
    document = import_document(read_file(path), str(path))
    assert document.source == str(path) and len(document.chapters) == 3


def test_the_zip_is_read_from_the_bytes_given() -> None:
    data = _book()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist()[0] == "mimetype"
    assert import_document(data, "no/such/file.epub").text


def test_the_first_part_of_a_book_is_a_prefix_of_the_whole() -> None:
    from reader.text.book import book_document
    from reader.text.epub import open_book

    book = open_book(_book(), "book.epub")
    whole = book_document(book)
    part = book_document(book, characters=10)
    assert whole.complete and not part.complete
    assert whole.text.startswith(part.text) and len(part.text) < len(whole.text)
    assert whole.chapters[: len(part.chapters)] == part.chapters == whole.chapters[:1]
    assert {k: v for k, v in whole.readings.items() if k < len(part.text)} == dict(part.readings)
    assert any("the first 2 of 4 parts shown" in note for note in part.report.notes)
    assert book_document(book, characters=10**9).complete


def test_chapters_inside_one_file_are_found_by_their_anchors() -> None:
    body = (
        "<p>作者的话：这本书写了三年。</p>\n"
        '<h2 id="c1">第一回 初到</h2><p>他到了北京。</p>\n'
        '<div id="c2"></div><h2>第二回 <ruby>相<rt>xiāng</rt></ruby>识</h2><p>他认识了她。</p>\n'
        '<p><a name="c3"></a>第三回 离别</p><p>他们分开了。</p>\n'
    )
    nav = (
        '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml" '
        'xmlns:epub="http://www.idpf.org/2007/ops"><body><nav epub:type="toc"><ol>'
        '<li><a href="text/ch001.xhtml">全书</a><ol>'
        '<li><a href="text/ch001.xhtml#c1">第一回 初到</a></li>'
        '<li><a href="text/ch001.xhtml#c2">第二回 相识</a></li>'
        '<li><a href="text/ch001.xhtml#c3">第三回 离别</a></li>'
        "</ol></li></ol></nav></body></html>"
    )
    spec = BookSpec(
        chapters=[ChapterSpec("全书", [], extra=body, heading=False)],
        extra_files={"OEBPS/nav.xhtml": nav.encode()},
    )
    document = import_document(make_epub(spec), "book.epub")
    text = document.text
    found = [(c.title, c.depth, text[c.start : c.start + 5]) for c in document.chapters]
    assert found == [
        ("全书", 0, "全书\n作者"),
        ("第一回 初到", 1, "第一回 初"),
        ("第二回 相识", 1, "第二回 相"),
        ("第三回 离别", 1, "第三回 离"),
    ]
    assert "\ue003" not in text and "相识" in text
    assert document.readings[text.index("相识")] == "xiang1"


def test_a_damaged_chapter_is_left_out_and_a_password_protected_zip_refused() -> None:
    data = bytearray(_book())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("OEBPS/text/ch002.xhtml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 5, start + info.compress_size - 2):
        data[i] ^= 0x5A  # the deflate stream of chapter 2 scrambled
    document = import_document(bytes(data), "book.epub")
    assert "长城很长" not in document.text and "谢谢你的阅读。" in document.text
    assert "1 spine item missing or not text, skipped" in document.report.notes

    locked = bytearray(_book())
    at = locked.index(b"PK\x01\x02")  # the central directory: flags at +8, name at +46
    while bytes(locked[at + 46 : at + 46 + 17]) != b"OEBPS/content.opf":
        at = locked.index(b"PK\x01\x02", at + 4)
    locked[at + 8] |= 0x1  # "encrypted": a password-protected zip
    assert _refusal(bytes(locked)) == (
        "坏书.epub is a password-protected zip and cannot be opened."
    )


def test_mutated_books_give_a_document_or_a_sentence() -> None:
    """Random damage to a real-shaped book (bytes flipped, cut short, members' contents
    swapped for junk): a Document or ImportRefused naming the file, never another error."""
    import random

    from reader.text.document import Document

    rng = random.Random(20_261_202)
    good = _book()
    junk = [b"", b"<", b"\x00\xff" * 50, b"<?xml version='1.0'?><package/>", "书".encode() * 100]
    outcomes = {"document": 0, "refused": 0}
    for round_ in range(150):
        data = bytearray(good)
        kind = round_ % 3
        if kind == 0:
            for _ in range(rng.randint(1, 20)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif kind == 1:
            data = data[: rng.randrange(len(data))]
        else:
            spec = sample_book()
            member = rng.choice([
                "OEBPS/content.opf", "OEBPS/nav.xhtml", "OEBPS/toc.ncx", "META-INF/container.xml",
                "OEBPS/text/ch001.xhtml", "META-INF/encryption.xml",
            ])
            spec.extra_files = {member: rng.choice(junk)}
            data = bytearray(make_epub(spec))
        try:
            document = import_document(bytes(data), f"/books/round{round_}.epub")
        except ImportRefused as exc:
            assert str(exc).startswith(f"round{round_}.epub"), (round_, str(exc))
            outcomes["refused"] += 1
            continue
        assert isinstance(document, Document)
        for chapter in document.chapters:
            assert 0 <= chapter.start <= len(document.text)
        outcomes["document"] += 1
    assert outcomes["document"] and outcomes["refused"]


def test_an_epub2_books_nested_ncx_gives_parts_and_their_chapters() -> None:
    ncx = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><navMap>'
        '<navPoint id="p1"><navLabel><text>上卷</text></navLabel>'
        '<content src="text/ch001.xhtml"/>'
        '<navPoint id="n1"><navLabel><text>第一章 开始</text></navLabel>'
        '<content src="text/ch001.xhtml"/></navPoint>'
        '<navPoint id="n2"><navLabel><text>第二章 长城</text></navLabel>'
        '<content src="text/ch002.xhtml"/></navPoint></navPoint>'
        '<navPoint id="p2"><navLabel><text>下卷 第三章 结束</text></navLabel>'
        '<content src="text/ch003.xhtml"/></navPoint>'
        "</navMap></ncx>"
    )
    data = _book(nav=False, extra_files={"OEBPS/toc.ncx": ncx.encode()})
    document = import_document(data, "book.epub")
    found = [(c.title, c.depth) for c in document.chapters]
    assert found == [("上卷", 0), ("第一章 开始", 1), ("第二章 长城", 1), ("下卷 第三章 结束", 0)]
    # the part's title is put before the chapter's heading, each a chapter of its own
    assert document.text.startswith("上卷\n第一章 开始\n")
    assert document.chapters[1].start == len("上卷\n")
    third = document.chapters[3].start
    assert document.text[third:].startswith("下卷 第三章 结束\n第三章 结束\n")
