"""Rules met on Russian news portals, each checked on a small page written for the test.

Every test here fails without its rule (see the comment above each page).
"""
from __future__ import annotations

from corpus_builder.records import Capture
from corpus_builder.text.decode import decode_capture
from corpus_builder.text.extract import extract_document

ARTICLE = [
    "Закончилась медицинская экспертиза по факту смерти солдата в одной из военных частей района, "
    "сообщает областная газета. По заключению врачей, срочник умер от тяжелой болезни.",
    "Напомним, что призванный на службу в ноябре молодой человек умер в воинской части 21 декабря. "
    "Ранее в качестве причины его смерти называлась другая болезнь, и близкие винят медиков части.",
    "Это вторая подряд смерть призывника в этой части: за неделю до этого на ее территории "
    "был найден другой срочник. Официально причиной смерти считается суицид.",
]
SIDEBAR = "".join(f"<p><a href='/n/{i}'>Колонка {i}: заметка обозревателя о событиях недели</a></p>"
                  for i in range(4))


def _doc(markup: str):
    capture = Capture(url="http://www.example.ru/news/1.html", body=markup.encode("utf-8"))
    return extract_document(decode_capture(capture))


def _page(body: str, title: str = "Врачи установили причину смерти солдата") -> str:
    return (f"<html><head><title>{title} - Новости</title></head><body>"
            f"<div class='menu'><a href='/'>Главная</a> <a href='/news'>Новости</a></div>{body}</body></html>")


# a wrapper whose class says "comments" holds the headline and the article: it is no comment section
# (without the rule the wrapper is furniture and the page has no article)
def test_comment_labelled_wrapper_holding_the_headline_is_the_article():
    body = (f"<div id='left_colomn'>{SIDEBAR}</div><div id='comments_page_wrapper'>"
            "<div class='newspaper_name'>Врачи установили причину смерти солдата</div>"
            f"<div class='newspaper_text'>{''.join(f'<p>{p}</p>' for p in ARTICLE)}</div>"
            "<div id='add_comment_form'><div class='title'>Добавить комментарий:</div></div></div>")
    doc = _doc(_page(body))
    assert all(p in doc.text for p in ARTICLE)
    assert "Колонка" not in doc.text


def test_comment_section_without_the_headline_is_still_furniture():
    comments = "".join(f"<p>Читатель {i}: согласен с автором, так и есть, это правда.</p>" for i in range(3))
    body = ("<div class='article'><h1>Врачи установили причину смерти солдата</h1>"
            f"{''.join(f'<p>{p}</p>' for p in ARTICLE)}</div><div class='comments_wrapper'>{comments}</div>")
    doc = _doc(_page(body))
    assert ARTICLE[0] in doc.text and "Читатель" not in doc.text


# a comment counter link at the head of every paragraph ("0Форвард…") is not text
def test_comment_counter_inside_paragraphs_is_dropped():
    paragraphs = "".join(f"<p><a class='article-commented-link comments_count' href='#c'>0</a>{p}</p>"
                         for p in ARTICLE)
    doc = _doc(_page(f"<div class='article'><h1>Врачи установили причину смерти солдата</h1>{paragraphs}</div>"))
    assert doc.text.split("\n")[0] == ARTICLE[0]
    assert not any(line.startswith("0") for line in doc.text.split("\n"))


def test_labelled_link_inside_a_sentence_that_is_no_furniture_stays():
    link = "<a class='tag-link' href='/tag/army'>военных частей</a>"
    first = ARTICLE[0].replace("военных частей", link)
    body = f"<div class='article'><h1>Врачи установили причину смерти солдата</h1><p>{first}</p>"
    body += "".join(f"<p>{p}</p>" for p in ARTICLE[1:]) + "</div>"
    assert ARTICLE[0] in _doc(_page(body)).text


# a teaser box opened inside a paragraph (<p><span><div>box</div></span>text…</p>): the paragraph's
# text after the box is article text (without the rule the whole <p> is taken for the box and dropped)
def test_text_after_a_teaser_box_inside_a_paragraph_is_kept():
    teasers = "".join(f"<tr><td><a href='/n/{i}'>Популярная новость номер {i} о событиях дня</a></td></tr>"
                      for i in range(12))
    box = f"<span><div id='related'><h3>Популярные материалы</h3><table>{teasers}</table></div></span>"
    body = (f"<div class='article'><h1>Врачи установили причину смерти солдата</h1><p>{ARTICLE[0]}</p>"
            f"<p>{box}{ARTICLE[1]}</p><p>{ARTICLE[2]}</p></div>")
    doc = _doc(_page(body))
    assert all(p in doc.text for p in ARTICLE)
    assert "Популярная новость" not in doc.text


# a reader poll after the text, inside the text's element: its many short lines must not make that
# element lose to the header box above it (without the rule only the headline and the lead are kept)
LEAD = ("Срочник из области умер от тяжелой болезни, установили врачи после экспертизы; близкие "
        "винят медиков части, которые сделали прививку уже больному. Это вторая смерть в части за неделю, "
        "и по первой возбуждено уголовное дело, сообщает областная газета со ссылкой на следователей.")


def test_reader_poll_inside_the_text_element_does_not_cost_the_text():
    questions = "".join(
        f"<div class='item'><p>Вопрос {i} о статье</p>"
        + "".join(f"<div class='legend'>{w}</div>" for w in ("Не согласен", "Скорее нет", "Затрудняюсь", "Согласен"))
        + "</div>" for i in range(10))
    poll = f"<div class='assessment'><p>Оцените, пожалуйста, статью</p><form>{questions}</form></div>"
    body = ("<div class='news'><div class='news_header'><h1>Врачи установили причину смерти солдата</h1>"
            f"<div class='lead'>{LEAD}</div></div>"
            f"<div class='news_text'>{''.join(f'<p>{p}</p>' for p in ARTICLE)}{poll}</div></div>")
    doc = _doc(_page(body))
    assert all(p in doc.text for p in ARTICLE)
    assert "Вопрос" not in doc.text and "Согласен" not in doc.text


def _feed(items: int) -> str:
    return "<dl class='lenta'>" + "".join(
        f"<dt>10:{i:02d} <a href='/news/{i}'>Заголовок новости номер {i} из ленты</a></dt>"
        f"<dd>Краткое изложение новости номер {i}: что случилось, где и когда, по словам очевидцев.</dd>"
        for i in range(items)) + "</dl>"


# a feed of teasers (linked headline, then a line of summary, again and again) after the article in the
# same column: the summaries read like text, the structure tells them apart (without the rule they stay)
def test_teaser_feed_after_the_article_is_dropped():
    body = (f"<td id='right_td'><h1>Врачи установили причину смерти солдата</h1>"
            f"<div class='text'>{''.join(f'<p>{p}</p>' for p in ARTICLE)}</div>{_feed(8)}</td>")
    doc = _doc(_page(f"<table><tr>{body}</tr></table>"))
    assert all(p in doc.text for p in ARTICLE)
    assert "Краткое изложение" not in doc.text


MORE = [
    "Военная прокуратура начала проверку в части, где служили оба призывника; ее итоги обещают к февралю.",
    "В министерстве обороны заявили, что медики части действовали по инструкции и прививка была плановой.",
    "Родители погибших требуют независимой экспертизы и готовят обращение к уполномоченному по правам человека.",
]


# linked promotion lines between an article's paragraphs: an item of a feed is short, these runs of
# text are not (without the longest-run test the whole article body is taken for a feed and dropped)
def test_linked_promotion_lines_between_paragraphs_are_no_feed():
    promo = "<p><a href='/promo'>ЧИТАЙТЕ БОЛЬШЕ НОВОСТЕЙ НА НАШЕМ САЙТЕ</a></p>"
    paragraphs = [f"<p>{p}</p>" for p in ARTICLE + MORE]
    body = ("<div class='article'><h1>Врачи установили причину смерти солдата</h1>"
            f"<h2>{LEAD}</h2><div class='article-body'>{promo}{''.join(paragraphs[:4])}{promo}"
            f"{paragraphs[4]}{promo}{paragraphs[5]}{promo}</div></div>")
    text = _doc(_page(body)).text
    assert all(p in text for p in ARTICLE + MORE)


# the same feed before the article, in a cell next to it (without the rule its summaries lead the text)
def test_teaser_feed_before_the_article_is_dropped():
    feed = "".join(f"<a href='/a/{i}'>Заголовок статьи номер {i} из рубрики</a><br>"
                   f"Краткое изложение статьи номер {i}: о чем она, кто автор и зачем ее читать.<br>"
                   for i in range(6))
    article = (f"<h1>Врачи установили причину смерти солдата</h1>{''.join(f'<p>{p}</p>' for p in ARTICLE)}"
               f"<p>{MORE[0]}</p>")
    doc = _doc(_page(f"<table><tr><td class='main'>{feed}</td><td class='art'>{article}</td></tr></table>"))
    assert ARTICLE[0] in doc.text and MORE[0] in doc.text
    assert "Краткое изложение" not in doc.text


# a lead in a box of its own between the headline and the text's box is article text; a standfirst
# in the headline's own box, or a summary the text repeats, is not (without the rule the lead is lost)
def _lead_page(lead_box: str, in_title_box: bool = False) -> str:
    title = "<h1>Врачи установили причину смерти солдата</h1>"
    head = f"<div class='hero'>{title}{lead_box}</div>" if in_title_box else f"{title}{lead_box}"
    links = "<ul>" + "".join(f"<li><a href='/s/{i}'>Поделиться в сети номер {i}</a></li>" for i in range(20))
    return _page(f"<div id='content'>{head}{links}</ul><div class='news'>"
                 f"{''.join(f'<p>{p}</p>' for p in ARTICLE + MORE)}</div></div>")


def test_lead_box_next_to_the_text_is_kept():
    assert _doc(_lead_page(f"<div class='intro'><p>{LEAD}</p></div>")).text.split("\n")[0] == LEAD


def test_standfirst_in_the_title_box_and_repeated_summaries_are_not_leads():
    assert LEAD not in _doc(_lead_page(f"<h2>{LEAD}</h2>", in_title_box=True)).text
    text = _doc(_lead_page(f"<div class='intro'><p>Кратко: {ARTICLE[0]}</p></div>")).text
    assert "Кратко" not in text and ARTICLE[0] in text


LETTERS = [
    "МОЖНО ЛИ ПРИНЯТЬ РЕБЕНКА В ДЕТСАД БЕЗ ПРИВИВКИ? – спросил читатель с проспекта Ленинградского. Он "
    "рассказал, что у дочери трехлетний сын, и мама боится делать ему прививки перед детским садом.",
    "Заместитель начальника управления образования ответила, что ребенка принимают по заявлению родителей "
    "и медицинской справке, а вопрос о приеме без прививок решает врачебная комиссия.",
]
NOTICE = ("Уважаемые читатели! Если вы оформили подписку на год, то получили наши фирменные календари, "
          "проверьте номер своего календаря в таблице розыгрыша призов, опубликованной в этом номере.")


# a newspaper portal of text columns without a headline the <title> names: the heaviest element holds
# the readers' letters column (opened by the site menu) and the contacts column (opened by an address
# box) beside the article; without the rule both are taken for article text
def test_side_columns_opened_by_a_menu_or_a_furniture_box_are_dropped():
    menu = "<ul class='leftmenu'>" + "".join(
        f"<li><a href='/{i}'>{w}</a></li>" for i, w in enumerate(
            ("О редакции", "Наши издания", "Подписка", "Полиграфия", "Торговля", "Реклама в газете"))) + "</ul>"
    left = f"<div class='contentleft'>{menu}<div class='mail'>{''.join(f'<p>{p}</p>' for p in LETTERS)}</div></div>"
    address = "".join(f"<p>{line}</p>" for line in (
        "Наш адрес: Мариуполь, пр. Ленина, 19;", "Почтовый индекс: 87500;", "Телефоны:",
        "(0629) 52-66-42 - приемная.", "33-45-14 - отдел писем.", "52-68-48 - служба новостей.",
        "33-10-25, 33-52-55 - реклама.", "33-31-27 - бухгалтерия."))
    right = f"<div class='contentright'><div class='rightinfo'>{address}</div><p>{NOTICE}</p><p>{NOTICE}</p></div>"
    center = (f"<div class='conteiner'><p>ЗА ЗАРАЖЕНИЕ – 5 ЛЕТ!</p>"
              f"{''.join(f'<p>{p}</p>' for p in ARTICLE + MORE)}</div>")
    page = (f"<html><head><title>Газета, Мариуполь</title></head><body>"
            f"<div class='columns'>{left}{center}{right}</div></body></html>")
    doc = _doc(page)
    assert all(p in doc.text for p in ARTICLE + MORE)
    assert "ПРИВИВКИ" not in doc.text and "Уважаемые читатели" not in doc.text
