"""Official sites' pages come out faithfully: each rule here fails without its fix (issue 15).

The pages are small ones written for these tests, shaped like fmprc.gov.cn,
mid.ru and kremlin.ru articles; the real pages are scored in
tests/test_official_pages.py.
"""
from __future__ import annotations

from datetime import date

from corpus_builder.records import Capture
from corpus_builder.text.decode import decode_capture
from corpus_builder.text.extract import extract_document


def _extract(html: str, url: str = "https://example.org/a/1.html"):
    return extract_document(decode_capture(Capture(url=url, body=html.encode("utf-8"))), url=url)


def _page(head_title: str, body: str) -> str:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{head_title}</title></head><body>"
            f"<div class='nav'><a href='/'>Home</a> <a href='/news'>News</a></div>{body}"
            "<div class='footer'>Footer links <a href='/about'>About</a></div></body></html>")


FMPRC = _page("杨洁篪会见卢森堡外交大臣阿瑟伯恩_中华人民共和国外交部", """
<div id="News_Body_Title">杨洁篪会见卢森堡外交大臣阿瑟伯恩</div>
<div id="News_Body_Time">2019-02-16 08:12</div>
<div id="News_Body_Txt_A">
<p>　　当地时间2019年2月15日，中共中央政治局委员、中央外事工作委员会办公室主任杨洁篪
在慕尼黑会见卢森堡外交大臣阿瑟伯恩。</p>
<p>　　杨洁篪表示，中卢关系长期健康稳定发展，双方在各领域合作取得丰硕成果。
中方愿同卢方一道，加强高层交往，深化务实合作。</p>
<p>　　阿瑟伯恩表示，卢方高度重视对华关系，愿同中方加强在金融、航空、物流等领域的合作。</p></div>
<div class="related"><h3>相关新闻</h3><ul><li><a href="/a">王毅会见德国外长</a></li></ul></div>""")


def test_a_lead_that_opens_with_a_date_is_text_and_the_pages_date_wins():
    doc = _extract(FMPRC, "https://www.fmprc.gov.cn/web/wjdt_674879/t1638150.shtml")
    assert doc.text.startswith("当地时间2019年2月15日，中共中央政治局委员")
    assert doc.published == date(2019, 2, 16)  # the page's date line, not the event's date in the lead


def test_a_short_meta_line_with_a_date_is_still_dropped():
    page = FMPRC.replace("<div id=\"News_Body_Txt_A\">",
                         "<div id=\"News_Body_Txt_A\"><p>发布时间：2019-02-16 来源：外交部</p>")
    assert "发布时间" not in _extract(page).text


MID = _page("Заявление МИД России - Министерство иностранных дел Российской Федерации", """
<div class="text"><p>Министерство иностранных дел Российской Федерации выражает глубокую обеспокоенность
развитием ситуации в регионе и призывает все стороны к сдержанности.</p>
<p>Российская сторона готова содействовать политико-дипломатическому урегулированию.</p></div>
<div class="copy">© Министерство иностранных дел Российской Федерации</div>""")


def test_the_site_name_in_the_title_is_the_one_the_copyright_line_names():
    doc = _extract(MID, "https://mid.ru/ru/foreign_policy/news/1/")
    assert doc.title == "Заявление МИД России"
    assert doc.text.startswith("Министерство иностранных дел Российской Федерации выражает")


KREMLIN = _page("Direct Line with Vladimir Putin • President of Russia", """
<article><h1 class="entry-title">Direct Line with Vladimir Putin</h1>
<div class="read__time">16:50</div><div class="read__place p-location">The Kremlin, Moscow</div>
<div class="read__lead"><p><a href="/events/president/news/20796">Direct Line with Vladimir Putin</a> was broadcast
live on Channel One, Rossiya-1 and Rossiya-24 TV channels, and on Mayak and Vesti FM radio stations.</p></div>
<div class="entry-content">
<div class="media"><figure><img src="/p.jpg" alt="During the Direct Line broadcast."></figure>
<span class="media__title">During the Direct Line broadcast.</span></div>
<p>The President answered questions for more than four hours, among them from Presidential Aide
<a href="/persons/1">Yury Ushakov<span class="tooltip__text"><span>Ushakov Yury</span><span>Aide to the
President</span></span></a>, who spoke on foreign policy.</p>
<p>During the Direct Line broadcast.</p>
<p>Most questions concerned the economy, healthcare and housing.</p></div></article>""")


def test_a_lead_that_opens_with_a_link_keeps_its_start():
    assert _extract(KREMLIN).text.startswith("Direct Line with Vladimir Putin was broadcast live")


def test_time_and_place_lines_of_the_header_are_furniture():
    lines = _extract(KREMLIN).text.split("\n")
    assert "16:50" not in lines and "The Kremlin, Moscow" not in lines


def test_a_clock_time_alone_on_its_line_is_furniture_whatever_its_markup():
    page = KREMLIN.replace('<div class="entry-content">', '<div class="entry-content"><p>11:30 MSK</p>')
    assert "11:30" not in _extract(page).text


def test_tooltip_cards_are_not_text():
    text = _extract(KREMLIN).text
    assert "Yury Ushakov, who spoke on foreign policy." in text and "Ushakov Yury" not in text


def test_an_image_caption_is_dropped_but_a_paragraph_with_the_same_words_is_kept():
    lines = _extract(KREMLIN).text.split("\n")
    assert lines.count("During the Direct Line broadcast.") == 1  # the <p>; the caption span went



PHOTO_DATED = _page("Working meeting with Igor Shuvalov • President of Russia", """
<article itemscope itemtype="http://schema.org/NewsArticle">
<h1 class="entry-title">Working meeting with Igor Shuvalov</h1>
<div class="entry-content">
<div class="slide"><img src="/a.jpg" alt="Earlier: with Igor Shuvalov in Sochi.">
<meta itemprop="datePublished" content="2013-04-22"></div>
<figure itemscope itemtype="http://schema.org/ImageObject"><img src="/b.jpg" alt="x">
<meta itemprop="datePublished" content="2013-04-21"></figure>
<p class="meta"><time class="read__published" datetime="2013-04-23" itemprop="datePublished">April 23, 2013</time></p>
<p>Vladimir Putin had a working meeting with First Deputy Prime Minister Igor Shuvalov on the state of the economy.</p>
<p>They discussed the budget and the programme of investment in infrastructure for the next three years.</p>
</div></article>""")


def test_the_articles_date_wins_over_the_dates_of_its_photos():
    assert _extract(PHOTO_DATED).published == date(2013, 4, 23)


def test_a_stray_closing_html_tag_does_not_end_the_page():
    # a header include that closes its own </html> (gov.cn's State Council Gazette pages)
    page = _page("关于批准发行特别国债的决议_中国政府网", """<div class="header"><a href="/">首页</a></div></html>
<div class="pages_content"><p>全国人民代表大会常务委员会关于批准财政部发行特别国债的决议</p>
<p>会议同意国务院提出的议案，决定批准发行15500亿元特别国债购买外汇，批准2007年末国债余额限额调整为53365.53亿元。</p></div>""")
    assert "批准发行15500亿元特别国债" in _extract(page).text
