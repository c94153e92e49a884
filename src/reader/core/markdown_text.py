"""Markdown to plain reading text: the words stay, the formatting marks go.

A reader shows prose, not source: headings lose their ``#``, emphasis its ``*``/``_``, links
and images keep their text, code fences and link definitions disappear, list bullets become
``•``. Inline HTML is left to the importer's stray-tag removal.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+\s*)?$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_BULLET = re.compile(r"^(\s*)[-*+]\s+")
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
#: ``*x*`` / ``_x_``: not inside ASCII words or numbers (snake_case, 2*3*4), but next to
#: Chinese characters (的*文件*), as CommonMark allows.
_EMPHASIS = re.compile(
    r"(?<![A-Za-z0-9*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![A-Za-z0-9*])"
    r"|(?<![A-Za-z0-9_])_(?=\S)([^_\n]+?)(?<=\S)_(?![A-Za-z0-9_])"
)
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_CODE = re.compile(r"`([^`\n]+)`")


def looks_like_markdown_name(name: str) -> bool:
    return name.lower().endswith((".md", ".markdown", ".mdown"))


def markdown_to_text(text: str) -> tuple[str, int]:
    """``text`` without Markdown's marks, and how many marks were removed."""
    removed = 0
    out: list[str] = []
    lines = text.split("\n")
    in_fence = False
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
            removed += 1
            continue
        if in_fence:
            out.append(line)
            continue
        if _LINK_DEFINITION.match(line):
            removed += 1
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if _SETEXT.match(line) and out and out[-1].strip() and not _RULE.match(following):
            removed += 1
            continue
        if _RULE.match(line):
            out.append("")
            removed += 1
            continue
        heading = _HEADING.match(line)
        if heading:
            line = heading.group(1)
            removed += 1
        quote = _QUOTE.match(line)
        if quote:
            line = line[quote.end():]
            removed += 1
        line, n = _BULLET.subn(r"\1• ", line)
        removed += n
        for pattern, replacement in (
            (_IMAGE, r"\1"), (_LINK, r"\1"), (_STRONG, r"\2"), (_STRIKE, r"\1"), (_CODE, r"\1"),
        ):
            line, n = pattern.subn(replacement, line)
            removed += n
        line, n = _EMPHASIS.subn(lambda m: m.group(1) or m.group(2), line)
        removed += n
        out.append(line)
    return "\n".join(out), removed
