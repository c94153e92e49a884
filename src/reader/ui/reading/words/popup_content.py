"""What the word popup says, as rich text: the word, its reading in tone colours, the
glossary card, the dictionary's senses, and links to the words inside and around it.

Pure HTML assembly over a :class:`WordInfo` (Qt's rich-text subset: no CSS classes, inline
styles only). Links are ``word:<text>`` (show that word) and ``back:`` (return to the word in
the text); sizes scale with the reading view's font (``base_pt``).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from reader.language.readings.pinyin import is_han, tone_of
from reader.language.readings.pinyin_styles import PinyinStyle, format_syllable, tone_colours
from reader.language.words.dictionary import Entry
from reader.language.words.glossary import CATEGORY_COLOURS
from reader.language.words.hsk import level_name, word_level
from reader.language.words.sense_markup import sense_pieces
from reader.language.words.term_pinyin import term_pinyin
from reader.language.words.word_info import WordInfo
from reader.language.words.word_lookup import cedict_syllables

MAX_ENTRIES = 6
#: What the popup says over a damaged spot of the text.
DAMAGED_NOTE = (
    "Damaged spot: these characters are garbage left by a wrong decode of the source (see "
    "the import report), not words — no reading, no dictionary entry."
)
#: The footer's key to the marks under the text.
LEGEND = {
    "glossary": "dotted underline: a glossary term",
    "audit": "wavy underline: the source's printed reading disagrees",
}


@dataclass(frozen=True)
class Look:
    """How the popup is drawn: pinyin style, tone scheme, the view's font size, theme."""

    style: PinyinStyle = PinyinStyle.MARKS
    scheme: str = "pleco"
    base_pt: float = 13.0
    dark: bool = False

    @property
    def muted(self) -> str:
        return "#a9a59c" if self.dark else "#6b675f"

    @property
    def warning(self) -> str:
        return "#e0a060" if self.dark else "#9a4f0f"

    @property
    def link(self) -> str:
        return "#8ab4f8" if self.dark else "#2f5f9e"

    def pt(self, factor: float) -> str:
        return f"{max(8.0, self.base_pt * factor):.1f}pt"


def word_link(word: str) -> str:
    return "word:" + quote(word)


def tone_html(
    syllables: Sequence[str | None], style: PinyinStyle, scheme: str, separator: str = " ",
    dark: bool = False,
) -> str:
    """Numbered syllables as HTML, each coloured by its tone (the dark page's colours when
    ``dark``)."""
    colours = tone_colours(scheme, dark)
    parts = []
    for syllable in syllables:
        if not syllable:
            continue
        text = html.escape(format_syllable(syllable, style))
        colour = colours.get(tone_of(syllable), "")
        parts.append(f'<span style="color:{colour}">{text}</span>' if colour else text)
    return separator.join(parts)


def sense_html(sense: str, simplified: bool, look: Look) -> str:
    """A sense: plain text escaped, CC-CEDICT references as the word (a link) and its
    coloured reading (``卻|却[que4]`` → 卻 què)."""
    parts: list[str] = []
    for piece in sense_pieces(sense, simplified):
        if not piece.reference:
            parts.append(html.escape(piece.text))
            continue
        if parts and parts[-1].endswith((":", ",")):
            parts.append(" ")
        word = (
            f'<a href="{word_link(piece.text)}" style="color:{look.link};text-decoration:none">'
            f"{html.escape(piece.text)}</a>"
            if piece.text
            else ""
        )
        reading = tone_html(piece.syllables, look.style, look.scheme, dark=look.dark)
        parts.append(" ".join(p for p in (word, reading) if p))
    return "".join(parts)


def entry_html(entry: Entry, word: str, look: Look) -> str:
    """One CC-CEDICT entry: forms, reading in tone colours, every sense numbered (wrapping)."""
    trad, simp = entry.traditional, entry.simplified
    forms = html.escape(trad if trad == simp else f"{trad} {simp}")
    reading = tone_html(cedict_syllables(entry.pinyin), look.style, look.scheme, dark=look.dark)
    simplified = word == simp != trad
    senses = entry.senses
    if len(senses) == 1:
        body = sense_html(senses[0], simplified, look)
    else:
        body = " ".join(
            f'<span style="color:{look.muted}">{i}</span>&nbsp;{sense_html(s, simplified, look)}'
            for i, s in enumerate(senses, 1)
        )
    return (
        f'<p style="margin-top:8px;margin-bottom:0"><b>{forms}</b>&nbsp;&nbsp;{reading}</p>'
        f'<p style="margin-top:1px;margin-bottom:0">{body}</p>'
    )


def _glossary_html(info: WordInfo, look: Look) -> str:
    g = info.glossary
    assert g is not None
    colour = CATEGORY_COLOURS.get(g.category, "#888888")
    reading = tone_html(term_pinyin(g), look.style, look.scheme, dark=look.dark)
    name = f"<b>{html.escape(g.headword)}</b>"
    if g.chinese_name and g.chinese_name != g.headword:
        name += f" {html.escape(g.chinese_name)}"
    if reading:
        name += f"&nbsp;&nbsp;{reading}"
    surface = "#33353b" if look.dark else "#f3f1ec"
    return (
        f'<table width="100%" cellpadding="6" cellspacing="0" style="margin-top:8px;'
        f'background-color:{surface}"><tr><td style="border-left:3px solid {colour}">'
        f'<span style="color:{colour};font-weight:bold">{html.escape(g.category.upper())}'
        f"</span>&nbsp;&nbsp;{name}<br><b>{html.escape(g.gloss)}</b><br>"
        f"{html.escape(g.explanation_en)}<br>"
        f'<span style="color:{look.muted}">{html.escape(g.explanation_zh)}</span>'
        f"</td></tr></table>"
    )


def _links(label: str, words: Sequence[str], look: Look) -> str:
    links = " · ".join(
        f'<a href="{word_link(w)}" style="color:{look.link}">{html.escape(w)}</a>' for w in words
    )
    return f'<p style="margin-top:8px;margin-bottom:0;color:{look.muted}">{label} {links}</p>'


def popup_html(
    info: WordInfo,
    look: Look,
    status: str | None = None,
    notes: Sequence[str] = (),
    back: str | None = None,
) -> str:
    """The popup's content: the word and its reading, warnings, the glossary card, the
    CC-CEDICT entries (context reading first), links to the characters inside a word and to
    the other words here, and a key to the marks under the text. ``back`` (the word in the
    text) adds a link back to it, for a word reached through a link."""
    out: list[str] = [f'<div style="font-size:{look.pt(0.72)}">']
    if back:
        out.append(
            f'<p style="margin:0"><a href="back:" style="color:{look.link}">'
            f"← {html.escape(back)}</a></p>"
        )
    head = f'<span style="font-size:{look.pt(1.5)}">{html.escape(info.word)}</span>'
    if info.damaged:
        out.append(f"<p style='margin:0'>{head}</p>")
        out.append(
            f'<p style="margin-top:6px;color:{look.warning}">⚠ {html.escape(DAMAGED_NOTE)}</p>'
        )
        return "".join(out) + "</div>"
    reading = tone_html(info.readings, look.style, look.scheme, dark=look.dark)
    if reading:
        head += f'&nbsp;&nbsp;<span style="font-size:{look.pt(1.05)}">{reading}</span>'
    if any(is_han(ch) for ch in info.word):
        head += (
            f'&nbsp;&nbsp;<span style="color:{look.muted};font-size:{look.pt(0.65)}">'
            f"{html.escape(level_name(word_level(info.word)))}</span>"
        )
    out.append(f"<p style='margin:0'>{head}</p>")
    for note in notes:
        out.append(
            f'<p style="margin-top:4px;margin-bottom:0;color:{look.warning}">⚠ '
            f"{html.escape(note)}</p>"
        )
    if info.glossary is not None:
        out.append(_glossary_html(info, look))
    for entry in info.entries[:MAX_ENTRIES]:
        out.append(entry_html(entry, info.word, look))
    if len(info.entries) > MAX_ENTRIES:
        more = len(info.entries) - MAX_ENTRIES
        out.append(f'<p style="color:{look.muted}">and {more} more entries (reader define)</p>')
    if info.others and not info.entries:  # the word is not in CC-CEDICT; its first other is
        word, entries = info.others[0]
        out.append(
            f'<p style="margin-top:8px;margin-bottom:0;color:{look.muted}">'
            f"CC-CEDICT has its part {html.escape(word)}:</p>"
        )
        for entry in entries[:MAX_ENTRIES]:
            out.append(entry_html(entry, word, look))
    elif not info.entries and info.glossary is None:
        out.append(
            f'<p style="margin-top:6px;color:{look.muted}">Not in CC-CEDICT.</p>'
        )
    han = list(dict.fromkeys(ch for ch in info.word if is_han(ch)))
    if len(han) > 1:
        out.append(_links("Characters:", han, look))
    shown = set(han) if len(han) > 1 else set()
    others = [w for w, _ in info.others if w != info.word and w not in shown]
    if others and info.entries:
        out.append(_links("Also here:", others, look))
    keys = [LEGEND["glossary"]] if info.glossary is not None else []
    if notes:
        keys.append(LEGEND["audit"])
    if keys:
        out.append(
            f'<p style="margin-top:8px;margin-bottom:0;color:{look.muted};'
            f'font-size:{look.pt(0.6)}">{html.escape(" · ".join(keys))}</p>'
        )
    return "".join(out) + "</div>"


def can_save(info: WordInfo) -> bool:
    """Save and Known apply to Chinese words: not to a damaged spot, not to H800 or MoE."""
    return not info.damaged and any(is_han(ch) for ch in info.word)
