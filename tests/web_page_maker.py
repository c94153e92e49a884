"""A saved Chinese news page as a browser writes it ("Save page as", HTML only), for the
tests and benchmarks/bench_web_page.py: the bundled article's paragraphs as the article,
around it a site's navigation, breadcrumbs, a search form, share buttons, an image with its
caption, related links, a sidebar of headlines, comments with a comment form, and a footer.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from reader.text.importer import bundled_article

NAVIGATION = ["首页", "新闻", "国内", "国际", "财经", "科技", "体育", "娱乐", "汽车", "房产",
              "教育", "健康", "旅游", "视频", "图片", "评论", "专题", "直播"]
HEADLINES = [
    "多地出台新政策支持人工智能产业发展",
    "全国铁路暑运预计发送旅客九亿人次",
    "新能源汽车下乡活动在多个省份启动",
    "专家解读：大模型价格战还会持续多久",
    "高校毕业生就业季：这些岗位需求最旺",
    "气象台发布高温预警，多地气温超过四十度",
    "国产大飞机完成首次跨境商业飞行",
    "博物馆夜场开放，年轻人成为主力观众",
]
COMMENTS = [
    ("北京网友", "写得很好，DeepSeek确实很厉害，希望R2早点发布。"),
    ("上海网友", "开源模型越来越强了，闭源公司压力很大吧，我们拭目以待。"),
    ("深圳网友", "我用了新版R1，写代码的能力比以前好多了，但是速度有点慢。"),
    ("杭州网友", "支持国产大模型！不过文章里的数据来源能不能再说明一下？"),
    ("成都网友", "竞争激烈才有进步，用户最终受益，价格也会越来越便宜。"),
    ("广州网友", "说得有道理，信任和生态才是关键，技术只是第一步而已。"),
]
FOOTER = ["关于我们", "联系我们", "广告服务", "招聘信息", "网站地图", "意见反馈"]
COPYRIGHT = "版权所有 © 2025 某某新闻网 京ICP证000000号 未经授权禁止转载"
SHARE = "分享到：微信 微博 QQ空间"
BREADCRUMB = ["首页", "科技", "人工智能"]
CAPTION = "图为DeepSeek发布会现场（资料图）"
META = "2025-05-30 08:12 来源：某某新闻网 作者：张三"


@dataclass(frozen=True)
class SavedPage:
    html: str
    title: str
    paragraphs: list[str]  # the article's paragraphs, in order
    boilerplate: list[str]  # strings only the page's furniture holds


SUBHEADINGS = {4: "一、技术升级", 9: "二、市场反应", 14: "三、未来挑战"}


def saved_news_page(shape: str = "p") -> SavedPage:
    """``shape``: "p" (a <p> a paragraph), "br" (one <div>, paragraphs between <br><br>, as
    many Chinese sites write them) or "sections" (subheadings in <p><strong>, a quotation
    in <blockquote>, long comments)."""
    article = bundled_article()
    lines = article.text.split("\n")
    headline = "DeepSeek會在全球AI競爭中沉淪嗎 R1升級回應質疑"
    first = lines[0].removeprefix(headline + "。")
    paragraphs = [first, *lines[1:-2]]
    related = lines[-2:]
    nav = "".join(f'<li><a href="/{i}/">{escape(n)}</a></li>' for i, n in enumerate(NAVIGATION))
    figure = (
        '<figure><img src="./page_files/photo.jpg" alt="发布会现场">'
        f"<figcaption>{escape(CAPTION)}</figcaption></figure>\n"
    )
    if shape == "br":
        body = "<div class=\"text\">" + "<br><br>\n".join(
            "　　" + escape(p) for p in paragraphs
        ) + "</div>\n" + figure
    else:
        body = ""
        for index, paragraph in enumerate(paragraphs):
            if shape == "sections" and index in SUBHEADINGS:
                body += f"<p><strong>{escape(SUBHEADINGS[index])}</strong></p>\n"
            if index == 6:
                body += figure
            if shape == "sections" and index == 10:
                body += f"<blockquote><p>{escape(paragraph)}</p></blockquote>\n"
            else:
                body += f"<p>{escape(paragraph)}</p>\n"
    comment_texts = COMMENTS if shape != "sections" else [
        (user, text * 3) for user, text in COMMENTS
    ]
    sidebar = "".join(f'<li><a href="/n/{i}.html">{escape(h)}</a></li>' for i, h in enumerate(HEADLINES))
    comments = "".join(
        f'<div class="comment"><span class="user">{escape(user)}</span>'
        f'<p class="comment-text">{escape(text)}</p><span class="time">5月30日</span>'
        '<a href="#" class="reply">回复</a> <a href="#" class="like">赞</a></div>\n'
        for user, text in comment_texts
    )
    html = f"""<!DOCTYPE html>
<!-- saved from url=(0045)https://news.example.cn/tech/2025/0530/42.html -->
<html lang="zh-CN"><head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<title>{escape(headline)}_科技频道_某某新闻网</title>
<meta name="description" content="{escape(paragraphs[0][:60])}">
<link rel="stylesheet" href="./page_files/main.css">
<script src="./page_files/analytics.js"></script>
<script>window.dataLayer = [{{"page": "article", "channel": "科技"}}];</script>
<style>.ad {{ display: block; }}</style>
</head>
<body>
<div id="top-bar"><a href="/login">登录</a> <a href="/register">注册</a> <a href="/app">下载客户端</a></div>
<header class="site-header"><div class="logo"><a href="/">某某新闻网</a></div>
<nav class="main-nav"><ul>{nav}</ul></nav>
<form class="search" action="/search"><input type="text" name="q" placeholder="搜索新闻">
<button type="submit">搜索</button></form></header>
<div class="ad banner">广告：夏季大促，全场五折起，点击了解详情</div>
<div class="container">
<main>
<div class="breadcrumb">{" &gt; ".join(f'<a href="#">{escape(b)}</a>' for b in BREADCRUMB)}</div>
<article class="article">
<h1 class="title">{escape(headline)}</h1>
<div class="meta">{escape(META)}</div>
<div class="share">{escape(SHARE)}</div>
<div class="article-body">
{body}</div>
<div class="editor">责任编辑：李四</div>
</article>
<section class="related"><h2>相关阅读</h2><ul>
{"".join(f'<li><a href="/r/{i}.html">{escape(r)}</a></li>' for i, r in enumerate(related))}
</ul></section>
<section id="comments" class="comments"><h2>网友评论（{len(COMMENTS)}条）</h2>
{comments}<form class="comment-form"><textarea name="c" placeholder="说两句吧……"></textarea>
<button>发表评论</button></form></section>
</main>
<aside class="sidebar"><h3>热门排行</h3><ol>{sidebar}</ol>
<div class="ad">广告：在线学习编程，三个月成为工程师</div></aside>
</div>
<footer class="site-footer"><ul>{"".join(f'<li><a href="#">{escape(f)}</a></li>' for f in FOOTER)}</ul>
<p>{escape(COPYRIGHT)}</p></footer>
<script>document.write("<div>统计代码</div>");</script>
</body></html>
"""
    if shape == "sections":
        paragraphs = [*SUBHEADINGS.values(), *paragraphs]
    boilerplate = [
        "".join(NAVIGATION[:6]), *HEADLINES, *(text for _user, text in COMMENTS), *FOOTER,
        COPYRIGHT, "搜索新闻", "说两句吧", "发表评论", "热门排行", "广告", "下载客户端", *related,
    ]
    return SavedPage(html, headline, paragraphs, boilerplate)
