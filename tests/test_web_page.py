"""Saved web pages (issue N.3): a browser's saved page opens as its article, the page title as
the document's title, the report saying what was left out; the clipboard's HTML the same."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

import reader.text.web_page as web_page
from reader.text.importer import import_document, read_file
from reader.ui.window.main_window import MainWindow
from tests.web_page_maker import CAPTION, saved_news_page


def _bare(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("shape", ["p", "br", "sections"])
def test_a_saved_page_opens_as_its_article(shape: str, tmp_path: Path) -> None:
    page = saved_news_page(shape)
    path = tmp_path / "DeepSeek_科技频道.html"
    path.write_text(page.html, encoding="utf-8")
    document = import_document(read_file(path), str(path))
    assert document.title == page.title  # the site's name cut off
    text = _bare(document.text)
    positions = [text.find(_bare(p)) for p in page.paragraphs if not p.startswith(("一、", "二、", "三、"))]
    assert -1 not in positions and positions == sorted(positions)  # whole, in order
    assert [b for b in page.boilerplate if _bare(b) in text] == []
    assert document.text.startswith(page.title + "\n")  # the headline leads the text
    assert CAPTION in document.text
    note = next(n for n in document.report.notes if n.startswith("web page"))
    assert note.endswith("navigation, 2 forms, sidebar, footer, comments removed")
    assert "web page: its article kept" in document.report.summary()


def test_ruby_in_a_saved_page_becomes_readings() -> None:
    page = saved_news_page()
    html = page.html.replace(
        "<p>" + page.paragraphs[3], "<p><ruby>漢<rt>hàn</rt></ruby>" + page.paragraphs[3], 1
    )
    document = import_document(html, "page.html")
    at = document.text.index("漢")
    assert document.readings[at] == "han4" and "hàn" not in document.text


def test_an_html_document_that_is_no_web_page_is_read_whole() -> None:
    html = "<html><head><title>词表</title></head><body><p>你好</p><p>谢谢</p></body></html>"
    document = import_document(html, "list.html")
    assert document.text == "你好\n谢谢" and document.title == "词表"
    assert not any(n.startswith("web page") for n in document.report.notes)


def test_a_page_too_large_or_without_an_article_is_read_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = saved_news_page()
    monkeypatch.setattr(web_page, "MAX_PAGE_CHARS", 1000)
    whole = import_document(page.html, "page.html")
    assert "热门排行" in whole.text  # nothing dropped
    assert not any(n.startswith("web page") for n in whole.report.notes)


def test_the_article_is_found_without_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the import tried to use the network")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    document = import_document(saved_news_page().html, "page.html")
    assert any(n.startswith("web page") for n in document.report.notes)


@pytest.fixture
def clipboard(qapp):  # type: ignore[no-untyped-def]
    """The clipboard, emptied after the test: a QMimeData left on it crashes the exit."""
    yield QGuiApplication.clipboard()
    QGuiApplication.clipboard().clear()


def test_html_from_the_clipboard_takes_the_same_path(qtbot, settings, clipboard) -> None:  # type: ignore[no-untyped-def]
    page = saved_news_page()
    window = MainWindow(settings, None)
    qtbot.addWidget(window)
    mime = QMimeData()
    mime.setHtml(page.html)
    mime.setText("the page as plain text, with its menus")
    clipboard.setMimeData(mime)
    window.paste_document()
    assert window.document is not None
    assert window.document.title == page.title
    assert "热门排行" not in window.document.text
    assert _bare(page.paragraphs[5]) in _bare(window.document.text)
    plain = QMimeData()
    plain.setText("只是一段文字。")
    clipboard.setMimeData(plain)
    window.paste_document()
    assert window.document.text == "只是一段文字。"
    window.close()
