"""Generate a synthetic WARC archive of realistic portal pages (for benchmarks).

Article bodies are shuffled sentences from real texts in ../shared (the seed
statement and the gold texts of ../shared/realdata), wrapped in portal-style
HTML with navigation, widgets, related links and footers, Chinese pages in
GB18030 or UTF-8 and Russian pages in UTF-8 or windows-1251.  Nothing is
committed: the archive is made at benchmark time.
"""
from __future__ import annotations

import io
import random
import re
from datetime import date as Date
from datetime import timedelta
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
PERIOD_START = Date(2015, 1, 1)
_ZH_SPLIT = re.compile(r"(?<=[。！？；])")
_RU_SPLIT = re.compile(r"(?<=[.!?])\s+")

ZH_CHROME = ("首页 > 新闻中心 > 国际", "放大字体 缩小字体", "打印本页 关闭窗口", "【纠错】 【责任编辑：王强】",
             "版权所有 中国某某网 京ICP备12345678号", "违法和不良信息举报电话：010-12345678", "相关新闻", "热门视频")
RU_CHROME = ("Главная / Новости / В мире", "Поделиться", "Читайте также", "Версия для печати",
             "© 2024 Информационное агентство. Все права защищены.", "Подписывайтесь на наш канал", "Источник: ТАСС")


def sentence_pools(shared: Path = SHARED) -> tuple[list[str], list[str]]:
    """Chinese and Russian sentences from the real texts under ../shared."""
    zh: list[str] = []
    ru: list[str] = []
    for path in sorted((shared / "realdata" / "zh" / "text").glob("*.txt")) + sorted((shared / "seed").glob("*.txt")):
        text = re.sub(r"<[^>]+>", "\n", path.read_text(encoding="utf-8"))
        zh += [s.strip() for s in _ZH_SPLIT.split(text) if len(s.strip()) > 8]
    for path in sorted((shared / "realdata" / "ru" / "text").glob("*.txt")):
        text = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))
        ru += [s.strip() for s in _RU_SPLIT.split(text) if len(s.strip()) > 20 and "&#" not in s]
    if not zh or not ru:
        raise FileNotFoundError(f"no real texts under {shared}")
    return zh, ru


def _page(rng: random.Random, sentences: list[str], chrome: tuple[str, ...], lang: str, n: int) -> str:
    paras, para = [], []
    for s in rng.sample(sentences, min(len(sentences), rng.randint(12, 40))):
        para.append(s)
        if rng.random() < 0.3:
            paras.append(("" if lang == "zh" else " ").join(para))
            para = []
    paras.append(("" if lang == "zh" else " ").join(para) or sentences[0])
    title = paras[0][:30]
    # A larger archive covers a longer period, not more pages per day: about six
    # pages a day, as a ministry site and a few portals publish.
    day = PERIOD_START + timedelta(days=n // 6 + rng.randint(0, 2))
    date = f"{day.isoformat()} 10:{rng.randint(10, 59)}"
    # Real portal pages are 40-150 KB of HTML around a few KB of text: menus,
    # link lists, inline scripts and styles.
    menu = [rng.choice(chrome)[:8] for _ in range(rng.randint(150, 500))]
    nav = "".join(f'<li class="m{i % 7}"><a href="/c/{i}.html">{c}</a></li>' for i, c in enumerate(menu))
    style = "".join(f".c{i}{{margin:{i % 9}px;color:#{i * 7919 % 0xFFFFFF:06x}}}"
                    for i in range(rng.randint(500, 2500)))
    related = "".join(f'<li><a href="/n/{n}{i}.html">{rng.choice(sentences)[:24]}</a></li>' for i in range(10))
    body = "".join(f"<p>{p}</p>" for p in paras if p)
    return (f"<!DOCTYPE html><html><head><meta charset=\"{{charset}}\"><title>{title}_示例网</title>"
            f"<style>{style}</style><script>var x = {n};</script></head><body><div class=\"nav\"><ul>{nav}</ul></div>"
            f"<div class=\"main\"><h1>{title}</h1><div class=\"info\">{date} 来源：示例网</div>"
            f"<div class=\"article\">{body}</div></div><div class=\"side\"><ul>{related}</ul></div>"
            f"<div class=\"footer\">{chrome[4]} {chrome[5]}</div></body></html>")


def write_archive(path: Path, pages: int, seed: int = 7, shared: Path = SHARED) -> int:
    """Write ``pages`` synthetic pages (2/3 zh, 1/3 ru) to a gzipped WARC; returns bytes."""
    rng = random.Random(seed)
    zh, ru = sentence_pools(shared)
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for n in range(pages):
            lang = "ru" if n % 3 == 2 else "zh"
            charset = rng.choice(["gb18030", "utf-8"] if lang == "zh" else ["utf-8", "windows-1251"])
            html = _page(rng, zh if lang == "zh" else ru, ZH_CHROME if lang == "zh" else RU_CHROME, lang, n)
            body = html.replace("{charset}", charset).encode(charset, errors="xmlcharrefreplace")
            headers = StatusAndHeaders("200 OK", [("Content-Type", f"text/html; charset={charset}")],
                                       protocol="HTTP/1.1")
            record = writer.create_warc_record(f"http://portal.example/{lang}/{n}.html", "response",
                                               payload=io.BytesIO(body), http_headers=headers)
            writer.write_record(record)
    return path.stat().st_size
