"""Unit tests of the extraction helpers: language, dates, boilerplate, paragraphs."""
from __future__ import annotations

from datetime import date

import pytest

from corpus_builder.text.boilerplate import is_boilerplate, strip_boilerplate
from corpus_builder.text.dates import date_from_url, parse_date
from corpus_builder.text.lang import detect_lang
from corpus_builder.text.metadata import clean_title
from corpus_builder.text.paragraphs import clean_paragraphs, normalize


@pytest.mark.parametrize("text,lang", [
    ("中俄外长发表联合声明", "zh"),
    ("Совместное заявление министров иностранных дел", "ru"),
    ("Joint statement of the foreign ministers", "en"),
    ("中国 and Россия 中俄联合声明 2020", "zh"),
    ("12345 !!!", "und"),
])
def test_detect_lang(text, lang):
    assert detect_lang(text) == lang


@pytest.mark.parametrize("raw,expected", [
    ("2024-04-26 01:18", date(2024, 4, 26)),
    ("2020年9月11日", date(2020, 9, 11)),
    ("2020-09-11", date(2020, 9, 11)),
    ("11 сентября 2020", date(2020, 9, 11)),
    ("11 сентября 2020 г., 16:39", date(2020, 9, 11)),
    ("11.09.2020", date(2020, 9, 11)),
    ("04. январь 2012 10:22", date(2012, 1, 4)),
    ("2020-09-11T16:39:00+03:00", date(2020, 9, 11)),
    ("September 11, 2020", date(2020, 9, 11)),
    ("2020/9/11 10:00", date(2020, 9, 11)),
    ("no date here", None),
    ("1234-56-78", None),
])
def test_parse_date(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("url,expected", [
    ("http://www.xinhuanet.com/world/2020-09/12/c_1126483911.htm", date(2020, 9, 12)),
    ("https://www.fmprc.gov.cn/web/wjbzhd/202009/t20200914_360834.shtml", date(2020, 9, 14)),
    ("http://www.chinanews.com/gn/2020/09-12/9289555.shtml", date(2020, 9, 12)),
    ("https://ria.ru/20200911/zayavlenie-1577171522.html", date(2020, 9, 11)),
    ("https://example.com/news/123456.html", None),
])
def test_date_from_url(url, expected):
    found = date_from_url(url)
    assert (found[0] if found else None) == expected


@pytest.mark.parametrize("raw,title", [
    ("中俄外长发表联合声明_新华网", "中俄外长发表联合声明"),
    ("中俄外长发表联合声明_国际频道_新华网", "中俄外长发表联合声明"),
    ("Министры заявили о сотрудничестве - РИА Новости, 11.09.2020", "Министры заявили о сотрудничестве"),
    ("Joint statement | Ministry of Foreign Affairs", "Joint statement"),
    ("女主播视频门韩版大S炫富少女时代爆猛料-女主播-东北网娱乐", "女主播视频门韩版大S炫富少女时代爆猛料"),
    ("NR2.RU::: В Амурской области сошел с рельсов вагон / 06.01.12 / Дальний Восток",
     "В Амурской области сошел с рельсов вагон"),
    # a domain-name part is the site wherever it stands; the longer subtitle after the headline is no site
    ("NR2.RU::: В изоляторе Никополя скончался подозреваемый в убийстве / В милиции говорят, что мужчина "
     "пытался повеситься, а затем умер", "В изоляторе Никополя скончался подозреваемый в убийстве"),
    # a site name holding its domain, then a colon; a colon inside the headline stays
    ("NEWSmsk.com в Москве: Карантин в Доме ребенка завершен", "Карантин в Доме ребенка завершен"),
    ("Яценюк: К лету положение с долларом станет критическим",
     "Яценюк: К лету положение с долларом станет критическим"),
    # a long part in lower case describes the page, it is no headline
    ("Цены на алкоголь привяжут к градусам - новость из рубрики Общество, актуальная информация, обсуждение "
     "новости, дискуссии на Newsland.", "Цены на алкоголь привяжут к градусам"),
])
def test_clean_title(raw, title):
    assert clean_title(raw) == title


def test_site_name_heading_is_not_the_title():
    from corpus_builder.text.extract import parse_html
    from corpus_builder.text.metadata import find_title
    page = ("<html><head><title>中国iPad商标侵权纠纷案一审审结 苹果败诉-经济参考网</title></head>"
            "<body><h1>经济参考网</h1><h2>中国iPad商标侵权纠纷案一审审结 苹果败诉</h2></body></html>")
    assert find_title(parse_html(page)) == "中国iPad商标侵权纠纷案一审审结 苹果败诉"


def test_heading_equal_to_the_cut_title_beats_a_logo_heading():
    from corpus_builder.text.extract import parse_html
    from corpus_builder.text.metadata import find_title
    page = ("<html><head><title>Бурятия станет частью «Монгольского вектора» | Байкал Daily - Новости Бурятии "
            "и Улан-Удэ в реальном времени</title></head><body><h1>Новости Бурятии и Улан-Удэ в реальном времени"
            "</h1><h1>Бурятия станет частью «Монгольского вектора»</h1></body></html>")
    assert find_title(parse_html(page)) == "Бурятия станет частью «Монгольского вектора»"


@pytest.mark.parametrize("line,lang", [
    ("首页 / 综合 / 正文", "zh"),
    ("放大字体  缩小字体 2024-04-26 01:18  浏览次数:76", "zh"),
    ("热门视频", "zh"),
    ("友情链接", "zh"),
    ("声明:本站信息均由用户注册后自行发布,本站不承担任何法律责任。", "zh"),
    ("违法不良信息举报邮箱:3217462938", "zh"),
    ("头条快讯网 版权所有 黔ICP备2021009996号", "zh"),
    ("中国互联网举报中心", "zh"),
    (" .", "zh"),
    ("Читайте также: новости дня", "ru"),
    ("Все права защищены", "ru"),
    ("发布时间：2020年9月11日 来源：外交部网站", "zh"),
    ("2004-12-10 阅读10544次", "zh"),
    ("巴彦淖尔市政府门户网站 www.bynr.gov.cn", "zh"),
    ("（图片来源：新华社）", "zh"),
    ("Фото: Reuters", "ru"),
    ("Photo: Getty Images", "en"),
    ("11 сентября 2020, 16:39", "ru"),
    ("Если Вы заметите ошибку в тексте, выделив её, нажмите Ctrl-Enter, чтобы отослать информацию", "ru"),
    ("Выделите любой фрагмент прямо в тексте статьи и нажмите Ctrl+Insert", "ru"),
    ("При использовании этого материала ссылайтесь на страницу источника", "ru"),
    ("Раздел: Новости", "ru"),
    ("Прочтений: 431", "ru"),
    ("Зарегистрируйтесь или войдите, чтобы оставить комментарий (сейчас комментариев: 0)", "ru"),
    ("Публикации за 04.01.12", "ru"),
    ("Обновлено в 20.02. мск.", "ru"),
    ("Президент Литвы Даля Грибаускайте. Иллюстрация: president.lt", "ru"),
    ("Foto: Andres Putting", "ru"),
    ("Следи за нами на Facebook и Вконтакте. Выбирай лучшее — будь с нами.", "ru"),
    ("Оценка статьи: 5 плохо 1", "ru"),
    ("Северо-Запад / Общество", "ru"),
    ("На фото: судья Виктория Федотова оглашает приговор.", "ru"),
    ("Новость была оставлена 16 января 2012 15:59 в категории Экономика. Вы можете читать ответы и "
     "комментарии к этой новости через RSS 2.0.", "ru"),
    ("This entry was posted on Monday. You can follow any responses to this entry through the RSS 2.0 feed.", "en"),
])
def test_boilerplate_lines(line, lang):
    assert is_boilerplate(line, lang)


@pytest.mark.parametrize("line,lang", [
    ("双方声明如下：", "zh"),
    ("一、现代世界正处于深刻变革阶段。", "zh"),
    ("Стороны заявили о поддержке ВОЗ.", "ru"),
    ("央广网北京2月13日消息，习近平日前签署命令，发布《规定》，自2022年2月10日起施行。", "zh"),
    ("2020年9月11日于莫斯科", "zh"),
    ("Раздел о торговле занимает в заявлении три страницы: стороны договорились о пошлинах.", "ru"),
    ("Новости за 2011 год обсуждались на коллегии министерства.", "ru"),
    ("Он показал снимок и сказал: фото: это все, что у нас осталось от того дома.", "ru"),
    ("Следите за новостями: решение суда будет объявлено завтра в полдень.", "ru"),
    ("Обновлено положение о выборах: теперь кандидаты обязаны раскрыть доходы супругов и детей.", "ru"),
])
def test_article_lines_are_kept(line, lang):
    assert not is_boilerplate(line, lang)


def test_credits_become_metadata():
    paras = ["正文第一段。", "资讯来源: http://www.bkanbing.com/news/show-11022.html", "（责任编辑：张三）"]
    kept, credits = strip_boilerplate(paras, "zh")
    assert kept == ["正文第一段。"]
    assert credits.first("source") == "http://www.bkanbing.com/news/show-11022.html"
    assert credits.first("author") == "张三"


def test_inline_editor_credit_is_cut_from_paragraph():
    kept, credits = strip_boilerplate(["最后一段正文内容。【责任编辑：李四】"], "zh")
    assert kept == ["最后一段正文内容。"] and credits.first("author") == "李四"


def test_traditional_chinese_credits_and_furniture():
    paras = ["正文第一段。", "來源：中時電子報", "記者陳鈞凱／台北報導", "（內容由新浪北京提供。未經授權，不得轉載。)"]
    kept, credits = strip_boilerplate(paras, "zh")
    assert kept == ["正文第一段。"]
    assert (credits.first("source"), credits.first("author")) == ("中時電子報", "陳鈞凱")


def test_russian_credits():
    kept, credits = strip_boilerplate(["Текст статьи.", "Источник: ТАСС", "Автор: Иван Петров"], "ru")
    assert kept == ["Текст статьи."]
    assert (credits.first("source"), credits.first("author")) == ("ТАСС", "Иван Петров")
    kept, credits = strip_boilerplate(["Текст статьи.", "По материалам: Med Daily"], "ru")
    assert kept == ["Текст статьи."] and credits.first("source") == "Med Daily"


def test_normalize_zh_punctuation_and_spaces():
    assert normalize("支持世界卫生组织(WHO)及其 在\u3000国际", "zh") == "支持世界卫生组织（WHO）及其在国际"
    assert normalize("Ｈｅｌｌｏ　２０２０", "en") == "Hello 2020"
    assert normalize("Россия（РФ）：итоги", "ru") == "Россия(РФ):итоги"
    assert normalize("共同作出贡献。 .", "zh") == "共同作出贡献。"


def test_clean_paragraphs_joins_broken_sentences_only():
    lines = ["The ministers agreed", "on a statement.", "New paragraph.", "Next one"]
    assert clean_paragraphs(lines, "en") == ["The ministers agreed on a statement.", "New paragraph.", "Next one"]
    lines = ["双方同意，", "继续合作。", "八、标题", "关于合作"]
    assert clean_paragraphs(lines, "zh") == ["双方同意，继续合作。", "八、标题", "关于合作"]
    assert clean_paragraphs(["  ", "…", "。", "正文"], "zh") == ["正文"]


@pytest.mark.parametrize("line,stop", [
    ("Você pode gostar...", True),
    ("Ti potrebbe interessare:", True),
    ("Comentários", True),
    ("Обсуждение статьи", True),
    ("Смотрите также:", True),
    ("Смотрите также: врачи назвали причину смерти солдата", False),
    ("Обсуждение проекта продолжится в январе, сообщили в думе.", False),
    ("Você pode gostar de cinema, mas este texto continua.", False),
])
def test_stop_headings_of_other_languages(line, stop):
    from corpus_builder.text.boilerplate import is_stop_heading
    assert is_stop_heading(line) is stop


def test_title_repeat_with_other_ellipsis_is_dropped():
    from corpus_builder.text.extract import _drop_title
    lines = ["Só quem se Ama…", "Viver uma verdadeira experiência amorosa é um dos maiores prazeres da vida."]
    assert _drop_title(lines, "Só quem se Ama...") == lines[1:]


def test_generic_title_gives_way_to_the_only_headline_h1():
    from corpus_builder.text.extract import parse_html
    from corpus_builder.text.metadata import find_title
    page = ("<html><head><title>Новости - Северо-Западный федеральный округ - interfax-russia.ru</title></head>"
            "<body><h1>В капремонт перинатального центра вложат 210 млн рублей</h1></body></html>")
    assert find_title(parse_html(page)) == "В капремонт перинатального центра вложат 210 млн рублей"
    # a one-part <title> is the headline itself, whatever the h1 (a portal's slogan) says
    slogan = page.replace("Новости - Северо-Западный федеральный округ - interfax-russia.ru",
                          "Очередной научный прорыв даст шанс на жизнь")
    assert find_title(parse_html(slogan)) == "Очередной научный прорыв даст шанс на жизнь"


def test_title_that_is_the_logo_gives_way_to_the_post_heading():
    from corpus_builder.text.extract import parse_html
    from corpus_builder.text.metadata import find_title
    page = ("<html><head><title>Вечерние новости</title></head><body>"
            "<div class='header-title'><a href='/'>Вечерние новости</a></div><h2>Меню</h2>"
            "<div class='post-title'><a href='/?p=72620'>В куриных субпродуктах в Киеве обнаружили сальмонеллу</a>"
            "</div></body></html>")
    assert find_title(parse_html(page)) == "В куриных субпродуктах в Киеве обнаружили сальмонеллу"
    # the same name in a heading that is no home link is the page's own heading
    own = page.replace("<a href='/'>Вечерние новости</a>", "Вечерние новости")
    assert find_title(parse_html(own)) == "Вечерние новости"


def test_heading_line_holding_title_and_subtitle_keeps_the_subtitle():
    from corpus_builder.text.extract import _drop_title
    lines = ["В изоляторе Никополя скончался подозреваемый В милиции говорят, что он пытался повеситься",
             "Киев, 4 января – Сегодня днем задержанный совершил попытку самоубийства."]
    assert _drop_title(lines, "В изоляторе Никополя скончался подозреваемый") == [
        "В милиции говорят, что он пытался повеситься", lines[1]]
    assert _drop_title(["Вагон сошел с рельсов в Амурской области"], "Вагон") == [
        "Вагон сошел с рельсов в Амурской области"]  # a short title opening a sentence: no heading


def test_title_repeated_under_a_byline_is_dropped():
    from corpus_builder.text.extract import _drop_title
    lines = ["editor", "Сельским медикам компенсируют оплату жилья",
             "С 2012 года медикам будет выплачиваться компенсация.", "Сельским медикам компенсируют оплату жилья"]
    assert _drop_title(lines, "Сельским медикам компенсируют оплату жилья") == [lines[0], lines[2], lines[3]]


def test_short_repeated_lines_are_text_but_copies_are_dropped():
    rates = ["На 6 января установлены следующие курсы:", "100 долларов США – 798,9800 грн.",
             "100 евро – 1025,2511 грн.", "На 5 января были установлены следующие курсы:",
             "100 долларов США – 798,9800 грн.", "100 евро – 1034,5193 грн."]
    assert clean_paragraphs(rates, "ru") == rates  # a recurring label line of the text
    long = "Европейская валюта подешевела к украинской гривне почти на 10 копеек, курсы остались прежними."
    short = "Курсы доллара и рубля остаются стабильными."
    assert clean_paragraphs([long, short, long, short], "ru") == [long, short]  # a second copy of a run
    assert clean_paragraphs([short, short, long], "ru") == [short, long]  # a doubled line


def test_date_lines_at_the_top_are_metadata_not_text():
    from corpus_builder.text.extract import _drop_datelines
    lines = ["November 12, 2018 | BY: Beachbody", "2020年9月11日 来源：外交部",
             "On 12 May 2020 the ministers met in Moscow.", "12.05.2020"]
    assert _drop_datelines(lines) == lines[2:]  # the 4th line is past the head: kept
    sentence = ["Опубликовано 11 сентября 2020 года в газете, которую читают все жители области и гости"]
    assert _drop_datelines(sentence) == sentence
    # stamps without the year, a year mark after the date; a short sentence with a date stays
    stamps = ["15 января 15:31", "05 января 2012 г.", "Выборы пройдут 4 марта 2012 года.", "Текст."]
    assert _drop_datelines(stamps) == stamps[2:]
    # a stamp closing a subtitle line is cut off it; a time alone in a sentence is text
    head = ["В милиции говорят, что мужчина умер от сердечного приступа 04.01.12 20:42", "Встреча началась в 12:30"]
    assert _drop_datelines(head) == ["В милиции говорят, что мужчина умер от сердечного приступа", head[1]]


@pytest.mark.parametrize("label,hint", [
    ("form-search", -1), ("search_box", -1), ("research-article", 1), ("researcher", 0),
])
def test_search_forms_are_furniture_and_research_is_not(label, hint):
    from corpus_builder.text.hints import label_hint
    assert label_hint(label) == hint
