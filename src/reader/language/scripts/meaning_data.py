"""The curated tables behind conversion by meaning, each entry with its reason and a sentence.

Used by :mod:`reader.language.scripts.meaning`; the tests convert every sentence given here.
Words are written in OpenCC-standard Traditional; their other forms (Simplified, Taiwan,
Hong Kong) are derived with OpenCC when the tables are compiled.
"""

from __future__ import annotations

#: Words in which 著 is read zhù (to write; notable) although OpenCC's Taiwan list, which
#: tells 著 from 着 for ``tw2s``/``tw2t``, turns it into 着 there (编着, 土着 …).
ZHU_WORDS: tuple[str, ...] = (
    "編著", "專著", "原著", "土著", "卓著", "譯著", "遺著", "論著", "撰著", "拙著", "新著",
    "舊著", "著譯", "所著", "彰明較著",
)

#: A 著 right after these characters, before 名 / 作 / 《 / 有, is the particle (看著名單
#: "looking at the list", 拿著作業, 隨著《…》), not the zhù of 著名 / 著作 / 著有《…》 that
#: OpenCC's longest match takes.
ZHE_VERBS = "隨帶看拿揣懷抱靠想過向朝沿接跟順穿戴望盯聽說笑哭走坐站躺睡活忙試寫唱跳喊叫藏握"

#: ``(pattern, reason, sentence)``: a cut at the end of each match (at the start of its group
#: when it has one); no OpenCC phrase may span it. These are phrases OpenCC matches across a
#: word boundary (BYVoid/OpenCC#1497 lists the last two): the longest match takes the first
#: character into a phrase that is not there. A pattern that starts with one character is
#: searched for fast (the first one matches the 成 after the cut for that reason).
PHRASE_CUTS: tuple[tuple[str, str, str], ...] = (
    (
        r"(成)(?<=[并並]成)(?<![合吞兼归歸裁火一][并並]成)(?![一二两兩三四五六七八九十几幾数數多])",
        "并成 → 併成 ('merge into') is matched before 成功/成为/成立: 並 'and' is meant, "
        "unless a number follows (并成一个 = merged into one) or 并 ends a word (合并成为: a "
        "cut there would let 布合 take the 合 of 合并)",
        "他毕业后去了上海，并成功创立了一家公司。",
    ),
    (
        r"被(?=[发發])(?![发發](?:佯狂|文身|阳狂|陽狂|入山|左衽|缨冠|纓冠))",
        "被发 → 被髮 (classical 'loose hair') is matched before 发明/发表/发布: the passive "
        "被 + 發 is meant outside the classical idioms",
        "这种方法在1990年被发明出来。",
    ),
    (
        r"人(?=[参參]加)",
        "人参 → 人蔘 ('ginseng') is matched before 参加: 人 + 參加 'take part' is meant "
        "(人參 is also how Taiwan and Hong Kong write ginseng)",
        "很多人参加了比赛。",
    ),
    (
        r"了(?=如)(?!如指掌)",
        "了如 → 瞭如 (from 了如指掌) is matched before 如何/如此/如下: the particle 了 is meant",
        "报告展示了如何训练这个模型。",
    ),
)

#: ``(variant, standard, reason, sentence)``: forms OpenCC accepts on input but the
#: Traditional standards do not write; normalised in every Traditional script.
VARIANT_FOLDS: tuple[tuple[str, str, str, str], ...] = (
    (
        "勛",
        "勳",
        "a variant of 勳 (OpenCC: 勋 → 勳 勛); Taiwan's and Hong Kong's standard forms write "
        "勳, as in the name 黃仁勳",
        "NVIDIA CEO黃仁勛稱其為“送給全球AI行業的禮物”。",
    ),
)

#: ``(word, Taiwan phrase, the meaning the substitution would lose, sentence, compounds)``:
#: Taiwan phrase substitutions (OpenCC's TWPhrases, computing vocabulary mostly) that are
#: right for one sense of the word only. Outside the listed compounds (OpenCC's longer keys,
#: whose sense is settled) the word is kept as written in Taiwan script: the substitution
#: is not applied where it could change what the sentence says. The compounds are OpenCC's
#: own longer keys, and a few words whose sense is settled (小程序, 應用程序: software).
TAIWAN_KEEP: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("消息", "訊息", "news", "甚至一度傳出“提前上線”的消息。", ()),
    ("綁定", "繫結", "a business tie-up", "與大廠生態基本沒有綁定。", ()),
    ("支持", "支援", "to back a person or a view", "大多數股東支持這個決定。", ("支持者",)),
    (
        "文件", "檔案", "an official document", "政府發出了一份新的文件。",
        ("頭文件", "可執行文件", "源文件", "文件擴展名", "文件名", "文件夾"),
    ),
    (
        "程序", "程式", "a procedure", "申請需要經過三道程序。",
        ("司法程序", "引導程序", "程序不正義", "程序員", "程序正義", "訴訟程序", "處理程序",
         "正當程序", "小程序", "應用程序", "程序設計", "計算機程序", "電腦程序"),
    ),
    ("對象", "物件", "a partner, a target", "她還沒有結婚對象。", ("面向對象",)),
    ("項目", "專案", "an item, a sports event", "這次比賽共有十個項目。", ()),
    ("窗口", "視窗", "a service counter", "請到三號窗口辦理。", ()),
    ("菜單", "選單", "a restaurant menu", "服務員拿來了菜單。", ()),
    ("運行", "執行", "the running of a train or an economy", "經濟運行總體平穩。", ()),
    ("連接", "連線", "to link two places", "這座橋連接兩岸。", ("連接器",)),
    ("聯繫", "聯絡", "a link between things", "兩件事之間有密切的聯繫。", ("聯繫歷史",)),
    ("社區", "社群", "a neighbourhood", "他住在一個安靜的社區。", ()),
    ("添加", "新增", "to add an ingredient", "這種食品沒有添加防腐劑。", ()),
    ("保存", "儲存", "to preserve", "這座古城保存得很完整。", ()),
    ("導入", "匯入", "to introduce, to lead into", "公司決定導入新的管理制度。", ()),
    ("導出", "匯出", "to derive", "由此可以導出一個結論。", ()),
    ("發佈", "釋出", "to announce, to publish", "氣象局發佈了颱風警報。", ()),
    ("聲明", "宣告", "a public statement", "外交部發表聲明。", ()),
    ("調用", "呼叫", "to transfer, to deploy", "政府調用了大量物資。", ("宏調用",)),
    ("循環", "迴圈", "a cycle, circulation", "運動可以促進血液循環。", ()),
    ("進程", "程序", "the course of events", "這加快了歷史進程。", ()),
    ("局部", "區域性", "part of a region", "明天局部地區有雨。", ()),
    ("低級", "低階", "vulgar", "這是一種低級趣味。", ()),
    (
        "代碼", "程式碼", "a code number", "這隻股票的代碼是600519。",
        ("原代碼", "僞代碼", "目標代碼", "本地代碼", "源代碼", "代碼頁"),
    ),
    ("溢出", "溢位", "to overflow", "河水溢出了堤岸。", ()),
    ("擴展", "擴充套件", "to expand", "公司正在擴展海外業務。", ("擴展名", "文件擴展名")),
    ("默認", "預設", "to accept tacitly", "他默認了這個事實。", ("默認值",)),
    ("設置", "設定", "to set up an institution", "學校設置了新的專業。", ("高級設置",)),
    ("重載", "過載", "a heavy load", "這條路禁止重載卡車通行。", ()),
    ("註銷", "登出", "to deregister", "這家公司已經被註銷。", ()),
    ("登錄", "登入", "to register, to record", "這些文物都已登錄在冊。", ()),
    ("實例", "例項", "an example", "他舉了一個實例來說明。", ()),
    ("拋出", "丟擲", "to put forward", "他拋出一個新的問題。", ()),
)

#: ``(name, reason, sentence)``: registered names and brands that contain a word Taiwan
#: phrases rewrite; a name is written as registered (the glossary adds its own terms).
PROTECTED_NAMES: tuple[tuple[str, str, str], ...] = (
    (
        "中國移動通信",
        "China Mobile's registered name (移動通信 → 行動通訊)",
        "中國移動通信集團公佈了年報。",
    ),
    ("騰訊視頻", "Tencent Video, a product name (視頻 → 影片)", "這部劇在騰訊視頻播出。"),
    ("百度智能雲", "Baidu AI Cloud, a brand (智能 → 智慧)", "百度智能雲發佈了新產品。"),
    (
        "工業和信息化部",
        "the ministry's official name (信息 → 資訊)",
        "工業和信息化部召開了會議。",
    ),
    (
        "中國信息通信研究院",
        "CAICT's official name (信息 → 資訊, 通信 → 通訊)",
        "中國信息通信研究院發佈了報告。",
    ),
)
