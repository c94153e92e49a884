"""SHA-256 digests of the segmentation, to prove a change to the word model keeps it (issue O).

    PYTHONPATH=src python benchmarks/segmentation_digest.py CACHE_FOLDER [DEV_SENTENCES]

Segments, with the bundled glossary's terms, without a glossary, and with extra terms (pieces
of the article, single characters, a term of Extension B): the article in its own script and in
both converted ones, the gold files' sentences and DEV_SENTENCES (default: CPP's dev.sent in
/work/shared/data/cpp-dev when present), one text a line; then the words around every position
of the article (the popup's alternatives), a few costs and the best paths' costs. Prints one
digest a part: run it on the code before and after a change (each with its own cache folder)
and diff the outputs (the first line, the load time, differs).
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEV = Path("/work/shared/data/cpp-dev/dev.sent")


def digest(parts: Iterable[object]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode("utf-8") + b"\n")
    return h.hexdigest()


def main() -> None:
    from reader.language.scripts.script import convert_config
    from reader.language.segmentation.model import WordModel
    from reader.language.segmentation.segmenter import Segmenter
    from reader.language.words.glossary import Glossary
    from reader.text.importer import bundled_article

    cache = Path(sys.argv[1])
    dev = Path(sys.argv[2]) if len(sys.argv) > 2 else DEV
    t0 = time.perf_counter()
    model = WordModel.load(cache)
    print(f"load {time.perf_counter() - t0:.3f} s, rebuilt {model.rebuilt}, {len(model)} words")
    article = bundled_article().text
    texts = {
        "article": article,
        "article_s": convert_config(article, "t2s"),
        "article_t": convert_config(article, "s2t"),
    }
    lines = {"dev": dev.read_text(encoding="utf-8").splitlines() if dev.is_file() else []}
    gold = []
    for name in ("segmentation_gold.txt", "segmentation_gold_article.txt"):
        for raw in (HERE / name).read_text(encoding="utf-8").splitlines():
            if raw.strip() and not raw.startswith("#"):
                gold.append(raw.replace("/", "").replace("|", ""))
    lines["gold"] = gold
    extra = sorted({article[i : i + 2 + i % 4] for i in range(0, len(article) - 6, 53)})
    extra += ["大模型", "中", "国家", "\U00020000\U00020001", "模型訓練框架", "冷卻"]
    segmenters = {
        "glossary": Segmenter(model, Glossary.load_bundled()),
        "plain": Segmenter(model),
        "extra": Segmenter(model, Glossary.load_bundled(), extra),
    }
    probes = extra + list(article[:3000]) + [article[i : i + 2] for i in range(3000)]
    for sname, seg in segmenters.items():
        for tname, text in texts.items():
            print(f"{sname}/{tname}/segment {digest(seg.segment(text).starts)}")
        for lname, group in lines.items():
            print(f"{sname}/{lname} ({len(group)} lines)/segment "
                  f"{digest(seg.segment(line).starts for line in group)}")
        for tname in ("article", "article_t"):
            text = texts[tname]
            print(f"{sname}/{tname}/alternatives "
                  f"{digest(seg.alternatives(text, p) for p in range(len(text)))}")
        print(f"{sname}/longest {seg.model.max_word_length}")
        print(f"{sname}/costs {digest(seg.model.cost(seg.model.fold(w)) for w in probes)}")
        print(f"{sname}/path_costs "
              f"{digest(seg.model.path_cost(seg.model.fold(line)) for line in gold)}")


if __name__ == "__main__":
    main()
