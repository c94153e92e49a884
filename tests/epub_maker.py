"""Real-shaped EPUB files made with zipfile, for the tests and benchmarks/bench_epub.py.

``mimetype`` first and stored, ``META-INF/container.xml``, an OPF package with a manifest and
a spine, an EPUB 3 nav document and an EPUB 2 NCX, XHTML chapters (with ``<ruby>`` and an
``<img alt>`` when asked) and an image.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""
#: A 1x1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)


@dataclass
class ChapterSpec:
    title: str
    paragraphs: Sequence[str]
    #: Raw XHTML put after the heading (ruby, an image …).
    extra: str = ""
    heading: bool = True  # write <h1>title</h1> in the chapter itself


@dataclass
class BookSpec:
    title: str = "测试之书"
    chapters: Sequence[ChapterSpec] = field(default_factory=list)
    nav: bool = True  # EPUB 3 nav document (else only the NCX)
    ncx: bool = True
    cover_page: bool = True  # a first spine item holding only an image without alt text
    extra_files: dict[str, bytes] = field(default_factory=dict)
    drop: Sequence[str] = ()  # zip members to leave out (a broken book)


def chapter_xhtml(chapter: ChapterSpec) -> str:
    body = f"<h1>{escape(chapter.title)}</h1>\n" if chapter.heading else ""
    body += chapter.extra
    body += "".join(f"<p>{escape(p)}</p>\n" for p in chapter.paragraphs)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">\n'
        f"<head><title>{escape(chapter.title)}</title>"
        '<link rel="stylesheet" href="style.css" type="text/css"/></head>\n'
        f"<body>\n{body}</body>\n</html>\n"
    )


def make_epub(spec: BookSpec) -> bytes:
    files: dict[str, bytes] = {"META-INF/container.xml": CONTAINER.encode()}
    manifest = [
        '<item id="css" href="style.css" media-type="text/css"/>',
        '<item id="img" href="images/pic.png" media-type="image/png"/>',
    ]
    spine: list[str] = []
    files["OEBPS/style.css"] = b"p { text-indent: 2em; }"
    files["OEBPS/images/pic.png"] = PNG
    if spec.cover_page:
        files["OEBPS/cover.xhtml"] = (
            '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
            '<head><title>封面</title></head><body><div><img src="images/pic.png"/></div>'
            "</body></html>"
        ).encode()
        manifest.append('<item id="cover" href="cover.xhtml" media-type="application/xhtml+xml"/>')
        spine.append('<itemref idref="cover" linear="no"/>')
    nav_points: list[str] = []
    nav_items: list[str] = []
    for number, chapter in enumerate(spec.chapters, 1):
        href = f"text/ch{number:03d}.xhtml"
        files[f"OEBPS/{href}"] = chapter_xhtml(chapter).encode()
        manifest.append(
            f'<item id="ch{number}" href="{href}" media-type="application/xhtml+xml"/>'
        )
        spine.append(f'<itemref idref="ch{number}"/>')
        nav_items.append(f'<li><a href="{href}">{escape(chapter.title)}</a></li>')
        nav_points.append(
            f'<navPoint id="np{number}" playOrder="{number}"><navLabel><text>'
            f'{escape(chapter.title)}</text></navLabel><content src="{href}"/></navPoint>'
        )
    if spec.nav:
        files["OEBPS/nav.xhtml"] = (
            '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
            '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
            '<head><title>目录</title></head><body><nav epub:type="toc" id="toc"><h1>目录</h1>'
            f"<ol>{''.join(nav_items)}</ol></nav></body></html>"
        ).encode()
        manifest.append(
            '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
        )
        spine.insert(1 if spec.cover_page else 0, '<itemref idref="nav"/>')
    if spec.ncx:
        files["OEBPS/toc.ncx"] = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><head>'
            '<meta name="dtb:uid" content="urn:uuid:reader-test"/></head>'
            f"<docTitle><text>{escape(spec.title)}</text></docTitle>"
            f"<navMap>{''.join(nav_points)}</navMap></ncx>"
        ).encode()
        manifest.append('<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>')
    toc_attribute = ' toc="ncx"' if spec.ncx else ""
    files["OEBPS/content.opf"] = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<dc:identifier id="uid">urn:uuid:reader-test</dc:identifier>'
        f"<dc:title>{escape(spec.title)}</dc:title><dc:language>zh-CN</dc:language>"
        '<meta property="dcterms:modified">2026-12-01T00:00:00Z</meta></metadata>'
        f"<manifest>{''.join(manifest)}</manifest>"
        f"<spine{toc_attribute}>{''.join(spine)}</spine></package>"
    ).encode()
    files.update(spec.extra_files)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), b"application/epub+zip", compress_type=zipfile.ZIP_STORED
        )
        for path, data in files.items():
            if path not in spec.drop:
                archive.writestr(path, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


RUBY = (
    "<p><ruby>漢<rt>hàn</rt></ruby><ruby>字<rt>zì</rt></ruby>很美。"
    "<ruby>北京<rp>(</rp><rt>Běijīng</rt><rp>)</rp></ruby>是首都。</p>\n"
)
IMAGE = '<div class="figure"><img src="../images/pic.png" alt="插图：长城的照片"/></div>\n'


def sample_book(title: str = "长城的故事") -> BookSpec:
    """Three chapters of Chinese text, ruby in the first, an image with alt text in the second."""
    return BookSpec(
        title=title,
        chapters=[
            ChapterSpec("第一章 开始", ["我们今天开始学习中文。", "学习中文需要耐心。"], extra=RUBY),
            ChapterSpec("第二章 长城", ["长城很长，也很古老。", "很多人去参观长城。"], extra=IMAGE),
            ChapterSpec("第三章 结束", ["这本书到这里就结束了。", "谢谢你的阅读。"]),
        ],
    )


def novel(size: int, seed: int = 1) -> bytes:
    """A generated novel of about ``size`` bytes as an EPUB: chapters of 2,000–6,000
    characters of words drawn by frequency from jieba's dictionary (as compressible as
    Chinese prose, not a repeated paragraph), ruby in every chapter, an image every fifth."""
    import bisect
    import itertools
    import random
    from importlib.util import find_spec

    spec = find_spec("jieba")
    assert spec is not None and spec.submodule_search_locations
    words: list[str] = []
    weights: list[int] = []
    dictionary = Path(next(iter(spec.submodule_search_locations))) / "dict.txt"
    for line in dictionary.read_text("utf-8").splitlines():
        word, count, *_ = line.split(" ")
        if all("\u4e00" <= ch <= "\u9fff" for ch in word):
            words.append(word)
            weights.append(int(count))
    cumulative = list(itertools.accumulate(weights))
    rng = random.Random(seed)

    def word() -> str:
        return words[bisect.bisect(cumulative, rng.random() * cumulative[-1])]

    def paragraph() -> str:
        sentences = []
        for _ in range(rng.randint(2, 6)):
            clauses = ["".join(word() for _ in range(rng.randint(3, 9))) for _ in range(rng.randint(1, 3))]
            sentences.append("，".join(clauses) + rng.choice("。。。！？"))
        return "".join(sentences)

    chapters: list[ChapterSpec] = []
    # about 2 bytes of deflated EPUB a character of such text (measured)
    estimate = 0
    while estimate < size:
        n = len(chapters) + 1
        paragraphs = []
        length = rng.randint(2000, 6000)
        while sum(map(len, paragraphs)) < length:
            paragraphs.append(paragraph())
        chapters.append(ChapterSpec(
            f"第{n}章", paragraphs, extra=RUBY + (IMAGE if n % 5 == 0 else "")
        ))
        estimate += int(sum(map(len, paragraphs)) * 2.0) + 400
    return make_epub(BookSpec(title="生成的长篇小说", chapters=chapters))
