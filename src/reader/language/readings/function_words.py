"""Function words the model reads badly, decided by grammar and the segmentation.

g2pM reads the frequent function characters from a sentence's letters alone and is often sure
of the wrong reading where a learner meets them most (他跑得很快 得 dé, 慢慢地走 地 dì, 很重
chóng). These rules apply only where the segmentation lets the character stand alone (a
dictionary word around it — 地方, 得到, 重要, 长大 — gives its reading through the word
evidence instead), they override the model, and they run on the Simplified shadow text:

* 得 de after a verb or adjective, before its complement: alone, after a Han character that is
  not a pronoun (我得走了 děi), and followed by a degree adverb or 不 (跑得很快, 死得较为突然,
  做得不错);
* 地 de after an adverbial: alone, followed by a Han character (the verb), after a word of two
  or more characters (认真地学习, 高兴地说), a doubled character (慢慢地, 悄悄地) or 性
  (预见性地警告);
* 长 cháng and 重 zhòng as adjectives after a degree adverb (更长, 最长, 很重, 越来越长; 越长越高
  keeps the model's zhǎng);
* 的 de wherever it may stand alone (上面|的 rather than 上|面的 miàndī; 目的, 的确 keep dì, dí);
* 都 dōu before an auxiliary, a copula or an adverb (他们都会来: not 都会 dūhuì; 首都会议
  keeps dū), or alone after its subject, a word or a pronoun (阿都拉, 邛都 keep dū);
* a lone 尽 reads jìn (jǐn lives in 尽管, 尽量, 尽快 … and before a place word: 尽里头);
* a lone 应 before a verb is the modal yīng (你应注意), not in 应了一声 or 应…邀请 (yìng);
* 将 right before a clause mark is the noun jiàng (参将。), never the adverb or preposition;
* a lone 弄 before a complement or an aspect particle is the verb nòng (把羽毛弄干, 弄不大,
  弄坏了): lòng is a noun, "lane", and takes none (弄堂, 里弄 are words and keep it).

The 的 and 都 rules were added after reading the changes on a large text (面的 and 都会 read
from the dictionaries); 尽, 应, 将 and 弄 after reading CPP dev errors — see benchmarks/notes_C.md.

Traditional 著 is also the particle 着 (標志著, 隨著, 睡著): in a Traditional text,
:func:`particle_zhe` writes it as 着 in the shadow unless a dictionary word spelt with 著 holds
it (著名, 顯著, 土著 keep 著 zhù), so the model and the words read it (zhe, zháo, zhuó). A lone
著 that is the verb zhù (魯迅所著, 著有) is then misread: the dictionaries do not list those.
"""

from __future__ import annotations

from reader.language.readings.pinyin import is_han
from reader.language.readings.word_evidence import (
    EvidenceSlots,
    Segmenter,
    WordEvidence,
    can_stand_alone,
    cut_cost,
    maximum_matching,
    word_before,
)

#: Degree adverbs: what follows them (alone) is an adjective or a complement.
DEGREE_ADVERBS = (
    "很", "更", "最", "太", "较", "挺", "极", "真", "越", "非常", "十分", "相当", "比较", "较为",
    "特别", "更加", "越来越", "过于", "格外", "极其", "如此", "那么", "这么", "有点", "有些",
    "愈发", "越发",
)
_ADJECTIVE_AFTER_DEGREE = {"长": "chang2", "重": "zhong4"}
_PRONOUNS = frozenset("我你他她它您咱")
#: Characters whose other reading lives only in a few words (尽管 jǐn, 首都 dū): standing
#: alone they read this one — unless one of the listed characters follows (尽里头 jǐn).
_BOUND_OTHERWISE = {"尽": ("jin4", tuple("里头前后东西南北底"))}
#: What 都 dōu ("all") stands before: an auxiliary, a copula, an adverb (他们都会来, 一定都是).
_BEFORE_DOU = frozenset("会是要能可在有没不已将被把得很也还曾应该无非未")
_CLAUSE_END = frozenset("，。、；：！？,.;:!?）)」』”\n")
_PARTICLES = frozenset("的得地长重")
_RULED = _PARTICLES | frozenset("都尽应将弄")
#: The characters :func:`function_word_reading` has rules for (it gives None for any other).
RULED = _RULED
#: What follows the verb 弄 nòng: a result or direction complement, 不/得 of a potential
#: complement, an aspect particle (弄干, 弄不清, 弄得, 弄坏了, 弄出来).
_AFTER_VERB_NONG = frozenset("干坏好脏湿乱清明懂丢错成出到得不了着过来去上下回进死伤破碎断醒翻平直弯掉走完糟砸混")


def _modal_ying(text: str, pos: int) -> bool:
    """应 yīng "should" before a verb; not 应了一声 (yìng, answered) nor the preposition
    应…邀请 / 应…之邀 / 应…要求 (yìng, at the request of)."""
    after = text[pos + 1 : pos + 2]
    if not after or not is_han(after) or after in "了着过声":
        return False
    clause_end = next(
        (i for i in range(pos + 1, len(text)) if text[i] in _CLAUSE_END), len(text)
    )
    clause = text[pos + 1 : clause_end]
    return not any(word in clause for word in ("邀", "要求", "请求"))


def _after_degree_adverb(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3) : pos]
    return any(before.endswith(adverb) for adverb in DEGREE_ADVERBS if adverb != "越")


def _de_complement(text: str, pos: int) -> bool:
    if pos == 0 or not is_han(text[pos - 1]) or text[pos - 1] in _PRONOUNS:
        return False
    if pos >= 2 and text[pos - 1] == "们" and text[pos - 2] in _PRONOUNS:
        return False
    after = text[pos + 1 : pos + 4]
    return after.startswith("不") or any(after.startswith(a) for a in DEGREE_ADVERBS)


def _de_adverbial(text: str, pos: int) -> bool:
    if pos == 0 or pos + 1 >= len(text) or not is_han(text[pos + 1]):
        return False
    doubled = pos >= 2 and text[pos - 1] == text[pos - 2]
    return word_before(text, pos) >= 2 or doubled or text[pos - 1] == "性"


def _after_xing(text: str, pos: int, here: WordEvidence) -> bool:
    """地 after a word + the suffix 性 (预见性地): the adjective takes 性, not 性地 (disposition)."""
    return (
        text[pos] == "地"
        and pos >= 3
        and text[pos - 1] == "性"
        and word_before(text, pos - 1) >= 2
        and all(word == (pos - 1, pos + 1) for word in here.words)
    )


def _dou(text: str, pos: int, here: WordEvidence, segmenter: Segmenter) -> bool:
    """都 dōu "all": before an auxiliary, a copula or an adverb unless a word takes it in from
    the left (他们都会来, 画作上都会: not 都会 dūhuì; 首都会议 keeps dū); standing alone, only
    after its subject, a word or a pronoun (一个 都 glued to unknown single characters is a
    name's dū: 阿都拉, 邛都)."""
    if text[pos + 1 : pos + 2] in _BEFORE_DOU:
        return can_stand_alone(text, pos, here, segmenter, pair_after=False)
    subject = word_before(text, pos) >= 2 or text[pos - 1 : pos] in _PRONOUNS
    return subject and not here.words


def function_word_reading(
    text: str,
    pos: int,
    words: EvidenceSlots,
    segmenter: Segmenter = maximum_matching,
) -> str | None:
    """The reading grammar gives ``text[pos]`` (Simplified), or None when no rule applies."""
    ch = text[pos]
    here = words[pos]
    if ch not in _RULED or here is None:
        return None
    if ch == "都":
        return "dou1" if _dou(text, pos, here, segmenter) else None
    if ch in _PARTICLES:
        # A particle often sits where a dictionary word would clip it (认真|地学|习): any cut
        # that leaves it alone will do.
        if not (
            can_stand_alone(text, pos, here, segmenter) or _after_xing(text, pos, here)
        ):
            return None
        if ch == "的":
            return "de5"  # dí, dì, dī live in words: 的确, 目的, 面的 (上面|的 is no 上|面的)
        if ch == "得" and _de_complement(text, pos):
            return "de5"
        if ch == "地" and _de_adverbial(text, pos):
            return "de5"
        if ch in _ADJECTIVE_AFTER_DEGREE and _after_degree_adverb(text, pos):
            return _ADJECTIVE_AFTER_DEGREE[ch]
        return None
    if here.words:  # no word of any cut may hold the others (应用|于 is not 应|用于)
        return None
    if ch in _BOUND_OTHERWISE and not text.startswith(_BOUND_OTHERWISE[ch][1], pos + 1):
        return _BOUND_OTHERWISE[ch][0]
    if ch == "应" and _modal_ying(text, pos):
        return "ying1"
    if ch == "将" and (pos + 1 == len(text) or text[pos + 1] in _CLAUSE_END):
        return "jiang4"
    if ch == "弄" and text[pos + 1 : pos + 2] in _AFTER_VERB_NONG and pos + 1 < len(text):
        return "nong4"
    return None


def particle_zhe(shadow: str, segmenter: Segmenter = maximum_matching) -> str:
    """``shadow`` (the Simplified form of a Traditional text) with 著 written 着 except where a
    dictionary word spelt with 著 holds it and its run cuts into words as well that way as
    with 着 (著名, 顯著, 一本|著名 against 一|本着|名; 執著 stays, read zhuó from its entry)."""
    if "著" not in shadow:
        return shadow
    chars = list(shadow)
    i, n = 0, len(shadow)
    while i < n:
        if not is_han(shadow[i]):
            i += 1
            continue
        j = i + 1
        while j < n and is_han(shadow[j]):
            j += 1
        run = shadow[i:j]
        if "著" in run:
            as_zhu = segmenter(run)
            as_zhe = min(cut_cost(cut) for cut in segmenter(run.replace("著", "着")))
            better = min(cut_cost(cut) for cut in as_zhu) <= as_zhe
            for k, ch in enumerate(run):
                held = any(b - a >= 2 and a <= k < b for cut in as_zhu for a, b in cut)
                if ch == "著" and not (held and better):
                    chars[i + k] = "着"
        i = j
    return "".join(chars)
