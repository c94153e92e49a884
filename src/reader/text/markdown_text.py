"""Markdown to plain reading text: the words stay, the formatting marks go.

A reader shows prose, not source: headings lose their ``#``, emphasis its ``*``/``_``, links
and images keep their text, code fences and link definitions disappear, list bullets become
``•``. Inline HTML is left to the importer's stray-tag removal.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
#: A heading's opening ``#``s and the white space after them; its text is the rest of the line
#: without a closing run of ``#``s (``_heading_text``).
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
#: Possessive: giving back a ``-`` can never let ``\s*$`` match, only cost time and memory.
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*+\1){2,}+\s*$")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_BULLET = re.compile(r"^(\s*)[-*+]\s+")
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")
#: ``*x*`` / ``_x_``: not inside ASCII words or numbers (snake_case, 2*3*4), but next to
#: Chinese characters (的*文件*), as CommonMark allows.
_EMPHASIS = re.compile(
    r"(?<![A-Za-z0-9*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![A-Za-z0-9*])"
    r"|(?<![A-Za-z0-9_])_(?=\S)([^_\n]+?)(?<=\S)_(?![A-Za-z0-9_])"
)
_CODE = re.compile(r"`([^`\n]+)`")

# Images, links, strong emphasis and strikethrough were regexes too:
#   !\[([^\]]*)\]\([^)]*\)     \[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])
#   (\*\*|__)(?=\S)(.+?)(?<=\S)\1     ~~(?=\S)(.+?)(?<=\S)~~
# A regex engine searches for the closing mark from every opening mark, so a line of many
# openers and no closer (``**a **a …``, ``[[[…``) took time quadratic in its length. The
# functions below find the same matches, left to right, with each closing-mark search
# remembered (``_Next``), so a line is scanned a bounded number of times.
_STRONG_OPEN = re.compile(r"(?:\*\*|__)(?=\S)")
_STRIKE_OPEN = re.compile(r"~~(?=\S)")
_CLOSERS = {
    "**": re.compile(r"(?<=\S)\*\*"),
    "__": re.compile(r"(?<=\S)__"),
    "~~": re.compile(r"(?<=\S)~~"),
}


class _Next:
    """Where ``pattern`` next matches in ``line`` at or after a position.

    The last answer is kept: a query at or after the last one that the answer still covers
    costs nothing, so queries that never go backwards scan the line once in all.
    """

    def __init__(self, line: str, pattern: str | re.Pattern[str]) -> None:
        self._line = line
        self._pattern = pattern
        self._asked = -1
        self._found = -1

    def __call__(self, pos: int) -> int:
        if 0 <= self._asked <= pos and (self._found == -1 or self._found >= pos):
            return self._found
        if isinstance(self._pattern, str):
            found = self._line.find(self._pattern, pos)
        else:
            match = self._pattern.search(self._line, pos)
            found = match.start() if match else -1
        self._asked, self._found = pos, found
        return found


def _replace_images(line: str) -> tuple[str, int]:
    """``![alt](target)`` → ``alt``."""
    if "![" not in line:
        return line, 0
    parts: list[str] = []
    last = count = 0
    bracket, paren = _Next(line, "]"), _Next(line, ")")
    start = line.find("![")
    while start != -1:
        close = bracket(start + 2)
        if close == -1:
            break
        if line.startswith("(", close + 1):
            end = paren(close + 2)
            if end != -1:
                parts += (line[last:start], line[start + 2 : close])
                last, count = end + 1, count + 1
                start = line.find("![", last)
                continue
        start = line.find("![", start + 1)
    parts.append(line[last:])
    return "".join(parts), count


def _replace_links(line: str) -> tuple[str, int]:
    """``[text](target)`` and ``[text][ref]`` → ``text``."""
    if "[" not in line:
        return line, 0
    parts: list[str] = []
    last = count = 0
    bracket, paren, ref_bracket = _Next(line, "]"), _Next(line, ")"), _Next(line, "]")
    start = line.find("[")
    while start != -1:
        close = bracket(start + 1)
        if close == -1:
            break
        end = -1
        if close > start + 1:
            after = line[close + 1 : close + 2]
            if after == "(":
                end = paren(close + 2)
            elif after == "[":
                end = ref_bracket(close + 2)
        if end != -1:
            parts += (line[last:start], line[start + 1 : close])
            last, count = end + 1, count + 1
            start = line.find("[", last)
        else:
            start = line.find("[", start + 1)
    parts.append(line[last:])
    return "".join(parts), count


def _replace_delimited(line: str, opener: re.Pattern[str]) -> tuple[str, int]:
    """``**x**`` / ``__x__`` / ``~~x~~`` → ``x``: the nearest closing mark after the opening
    one, with no white space inside either mark."""
    match = opener.search(line)
    if match is None:
        return line, 0
    parts: list[str] = []
    last = count = 0
    closers: dict[str, _Next] = {}
    while match is not None:
        start = match.start()
        mark = match.group()
        closer = closers.get(mark)
        if closer is None:
            closer = closers[mark] = _Next(line, _CLOSERS[mark])
        end = closer(start + 3)
        if end == -1:
            match = opener.search(line, start + 1)
            continue
        parts += (line[last:start], line[start + 2 : end])
        last = end + 2
        count += 1
        match = opener.search(line, last)
    parts.append(line[last:])
    return "".join(parts), count


def _heading_text(rest: str) -> str:
    """A heading's text after its opening ``#``s: without a closing ``#`` run that white space
    sets apart (``標題 ##`` → ``標題``); trailing white space stays unless such a run follows."""
    body = rest.rstrip()
    hashes = len(body) - len(body.rstrip("#"))
    if hashes:
        before = body[:-hashes]
        text = before.rstrip()
        if len(text) < len(before):
            return text
    return rest


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
            line = _heading_text(line[heading.end() :])
            removed += 1
        quote = _QUOTE.match(line)
        if quote:
            line = line[quote.end():]
            removed += 1
        line, n = _BULLET.subn(r"\1• ", line)
        removed += n
        for replace in (
            _replace_images,
            _replace_links,
            lambda line: _replace_delimited(line, _STRONG_OPEN),
            lambda line: _replace_delimited(line, _STRIKE_OPEN),
            lambda line: _CODE.subn(r"\1", line),
        ):
            line, n = replace(line)
            removed += n
        line, n = _EMPHASIS.subn(lambda m: m.group(1) or m.group(2), line)
        removed += n
        out.append(line)
    return "\n".join(out), removed
