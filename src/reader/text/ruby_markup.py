"""Real ruby markup: ``<ruby>漢<rt>hàn</rt></ruby>`` read as the source's readings.

The HTML reader (:mod:`reader.text.markup`) writes each ruby pair (base text, annotation) into
the text between private-use markers, ``\ue000漢\ue001hàn\ue002``; :func:`extract_ruby`
takes them out again, keeps the base text and turns the annotation into one numbered reading
per Han character of the base — the same data flattened ruby (``會(huì)``) gives, so the
reading audit checks both alike.

An annotation is pinyin (tone marks or numbers; one syllable a character, separated or not:
``hàn zì``, ``hànzì``, ``han4zi4``, ``xī'ān``) or zhuyin (``ㄏㄢˋ``, ``ㄏㄢˋ ㄗˋ``). One that does not
give one syllable per Han character is dropped and counted (``unmatched``): the base text
stays, with no reading.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from reader.language.readings.pinyin import is_han, to_numbered
from reader.text.inline_readings import CutText, cut_spans

OPEN, SEPARATOR, CLOSE = "\ue000", "\ue001", "\ue002"
MARKERS = OPEN + SEPARATOR + CLOSE
_PAIR_RE = re.compile(f"{OPEN}([^{MARKERS}]*){SEPARATOR}([^{MARKERS}]*){CLOSE}")
#: Every Mandarin syllable (without its tone) pypinyin's character table uses.
_SYLLABLES = frozenset(
    """
    a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can
    cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai
    chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den
    deng di dia dian diao die ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang
    fei fen feng fiao fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan
    guang gui gun guo ha hai han hang hao he hei hen heng hm hng hong hou hu hua huai huan huang
    hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang
    kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei
    len leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun luo lv lve m ma mai
    man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu n na nai nan nang nao
    ne nei nen neng ng ni nian niang niao nie nin ning niu nong nou nu nuan nun nuo nv nve o ou
    pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao
    qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou ru rua ruan rui
    run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shei shen sheng shi
    shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan
    tang tao te tei teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei
    wen weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao
    ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan
    zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi
    zong zou zu zuan zui zun zuo
    """.split()
)
_LONGEST = max(map(len, _SYLLABLES))
_ZHUYIN_RE = re.compile("[\u3105-\u312f\u31a0-\u31bf]")
_ZHUYIN_TONES = "ˊˇˋ˙"
_COMBINING_TONES = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}


@dataclass(frozen=True)
class RubyText:
    """A text with its ruby pairs taken out: the kept text, how positions moved, the
    readings (offset in ``cut.text`` → numbered syllable) and how many annotations did not
    fit their base."""

    cut: CutText
    readings: dict[int, str]
    unmatched: int


def ruby_pair(base: str, annotation: str) -> str:
    """How the HTML reader writes one ruby pair into the text."""
    return f"{OPEN}{base}{SEPARATOR}{annotation}{CLOSE}"


_MARKER_RE = re.compile(f"[{MARKERS}]")
_NO_MARKERS = {ord(ch): None for ch in MARKERS}


def strip_markers(text: str) -> str:
    """``text`` without the private-use characters the markers use."""
    # a search first: translate with a table costs ~30 ns a character, and markers are rare
    return text.translate(_NO_MARKERS) if _MARKER_RE.search(text) else text


def _plain_and_tones(token: str) -> tuple[str, list[int]]:
    """``hànzì`` → ``hanzi`` and the tone at each letter (0 where none is marked)."""
    plain: list[str] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFD", token):
        if unicodedata.combining(ch):
            if ch == "\u0308" and plain and plain[-1] == "u":
                plain[-1] = "v"  # ü, ǖ ǘ ǚ ǜ
            mark = _COMBINING_TONES.get(ch, 0)
            if tones and mark:
                tones[-1] = mark
            continue
        plain.append(ch)
        tones.append(0)
    return "".join(plain), tones


def split_pinyin(token: str) -> list[str] | None:
    """One pinyin token written without separators → its numbered syllables, or None.

    ``hànzì`` → ``["han4", "zi4"]``; ``han4zi4`` → the same; ``xiān`` → ``["xian1"]`` (the
    longest syllables first, backtracking when the rest cannot be read); unmarked syllables
    are neutral (5).
    """
    token = token.lower().replace("u:", "v").replace("ü", "v")
    if re.search(r"\d", token):
        if not re.fullmatch(r"(?:[a-z]+[1-5]?)+", token):
            return None
        parts = [p if p[-1].isdigit() else p + "5" for p in re.findall(r"[a-z]+[1-5]?", token)]
        return parts if all(p[:-1] in _SYLLABLES for p in parts) else None
    plain, tones = _plain_and_tones(token)
    if not plain.isascii() or not plain.isalpha():
        return None

    # longest syllables first, backtracking: ``rest[i]`` is the first syllable's size of a
    # reading of ``plain[i:]`` (0 when there is none), filled from the end (no recursion: an
    # annotation of 100,000 letters is a few hundred thousand steps, not a stack overflow)
    n = len(plain)
    rest = [0] * (n + 1)
    readable = [False] * n + [True]
    for at in range(n - 1, -1, -1):
        for size in range(min(_LONGEST, n - at), 0, -1):
            if readable[at + size] and plain[at : at + size] in _SYLLABLES:
                rest[at], readable[at] = size, True
                break
    if not readable[0]:
        return None
    sizes = []
    at = 0
    while at < n:
        sizes.append(rest[at])
        at += rest[at]
    out: list[str] = []
    at = 0
    for size in sizes:
        tone = next((t for t in tones[at : at + size] if t), 5)
        out.append(f"{plain[at : at + size]}{tone}")
        at += size
    return out


@cache
def _zhuyin_table() -> dict[str, str]:
    """Zhuyin (without its tone mark) → pinyin base, for every syllable."""
    from pypinyin import Style
    from pypinyin.style import convert as convert_style

    table: dict[str, str] = {}
    for syllable in sorted(_SYLLABLES):
        zhuyin = convert_style(syllable.replace("v", "ü"), Style.BOPOMOFO, strict=True)
        zhuyin = zhuyin.rstrip("˙")  # a syllable without a mark comes out neutral
        if zhuyin:
            table.setdefault(zhuyin, syllable)
    return table


def split_zhuyin(annotation: str) -> list[str] | None:
    """Zhuyin syllables → numbered pinyin (``ㄏㄢˋ ㄗˋ`` → ``han4 zi4``), or None."""
    table = _zhuyin_table()
    out: list[str] = []
    for token in re.findall(r"˙?[^\sˊˇˋ˙]+[ˊˇˋ˙]?", annotation):
        tone = 1
        if token.startswith("˙"):
            token, tone = token[1:], 5
        if token and token[-1] in _ZHUYIN_TONES:
            tone = {"ˊ": 2, "ˇ": 3, "ˋ": 4, "˙": 5}[token[-1]]
            token = token[:-1]
        base = table.get(token)
        if base is None:
            return None
        out.append(f"{base}{tone}")
    return out or None


@lru_cache(maxsize=65536)
def annotation_readings(annotation: str, count: int) -> tuple[str, ...] | None:
    """``count`` numbered readings from an annotation, or None when it does not give them."""
    text = " ".join(annotation.replace("'", " ").replace("’", " ").split())
    if not text or count == 0 or len(text) > 8 * count + 8:  # 6 letters, a tone, a space
        return None
    readings: list[str] | None
    if _ZHUYIN_RE.search(text):
        readings = split_zhuyin(text)
    else:
        readings = []
        for token in text.split(" "):
            part = split_pinyin(token)
            if part is None:
                return None
            readings.extend(part)
    if readings is None or len(readings) != count:
        return None
    return tuple(to_numbered(r) for r in readings)


def extract_ruby(text: str) -> RubyText:
    """Take the ruby pairs out of ``text``: the base text stays, the annotation becomes
    readings of its Han characters (see the module docstring)."""
    spans: list[tuple[int, int]] = []
    found: list[tuple[int, str]] = []
    unmatched = 0
    for match in _PAIR_RE.finditer(text):
        base_start = match.start(1)
        base, annotation = match.group(1), match.group(2)
        han = [i for i, ch in enumerate(base) if is_han(ch)]
        readings = annotation_readings(annotation, len(han)) if han else None
        if han and annotation.strip() and readings is None:
            unmatched += 1
        for i, reading in zip(han, readings or (), strict=False):
            found.append((base_start + i, reading))
        spans.append((match.start(), match.start(1)))
        spans.append((match.end(1), match.end()))
    cut = cut_spans(text, spans)
    return RubyText(cut, {cut.new_position(pos): r for pos, r in found}, unmatched)
