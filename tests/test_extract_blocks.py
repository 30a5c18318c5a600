"""Flattening: all-link lists become one block of link text; hidden markup is removed."""
from __future__ import annotations

from lxml import etree

from corpus_builder.text.blocks import flatten
from corpus_builder.text.invisible import hidden_elements, strip_invisible

PAGE = """<html><body>
<ul class="menu"><li><a href="/a">首页</a></li><li><a href="/b"><span>新闻中心</span></a></li>
  <li><ul><li><a href="/c">国际</a></li><li><a href="/d">国内</a></li></ul></li></ul>
<ol><li><a href="/e">第一条</a> 说明文字</li><li><a href="/f">第二条</a></li></ol>
<p>正文第一段，<a href="/g">链接</a>在句中。</p>
<div style="Display: None">隐藏的副本</div><div hidden>另一个副本</div>
</body></html>"""


def _tree() -> etree._Element:
    return etree.fromstring(PAGE, etree.HTMLParser())


def test_outermost_all_link_list_is_collapsed():
    blocks = flatten(_tree())
    collapsed = [b for b in blocks if b.tag in ("ul", "ol") and b.link_chars == b.chars]
    # the nested list is inside the menu; the <ol> has plain text
    assert [b.owner.get("class") for b in collapsed] == ["menu"]
    assert "".join(collapsed[0].text.split()) == "首页新闻中心国际国内"


def test_collapsed_list_is_one_link_block_and_other_blocks_unchanged():
    tree = _tree()
    strip_invisible(tree)
    blocks = flatten(tree)
    texts = [b.text for b in blocks]
    assert texts[0].replace(" ", "") == "首页新闻中心国际国内"
    assert blocks[0].link_chars == blocks[0].chars and blocks[0].owner.get("class") == "menu"
    assert "第一条 说明文字" in texts and "第二条" in texts
    paragraph = blocks[texts.index("正文第一段，链接在句中。")]
    assert paragraph.link_chars == 2
    assert not any("副本" in text for text in texts)


def test_hidden_elements_by_attribute_and_inline_style():
    markup = """<html><body><p>文字</p><div hidden id="a">副本</div>
    <div style="color:red; Display : None" hidden id="b"><span style="DISPLAY:NONE" id="c">x</span></div>
    <p style="visibility: hidden" id="d">隐藏</p><p style="display:block" id="e">可见</p>
    <p style="margin:0" id="f">可见</p></body></html>"""
    tree = etree.fromstring(markup, etree.HTMLParser())
    assert [el.get("id") for el in hidden_elements(tree)] == ["a", "b", "c", "d"]  # once each, in order
    strip_invisible(tree)
    assert "".join(tree.itertext()).split() == ["文字", "可见", "可见"]


TABLE_PAGE = """<html><body><div class="post">
<p>The final standings of the season, after thirty-six races, are the following ones.</p>
<table><tr><td>Pos.</td><td>Driver</td><td>Points</td></tr>
<tr><td>1</td><td>Kyle Busch</td><td>5040</td></tr>
<tr><td>2</td><td>Martin Truex Jr.</td><td>5035</td></tr></table>
<p>The next season starts in February, with the usual race in Daytona, as every year.</p>
</div></body></html>"""


def test_data_table_rows_are_lines_and_stay_in_the_article():
    from corpus_builder.records import Capture
    from corpus_builder.text.decode import decode_capture
    from corpus_builder.text.extract import extract_document

    blocks = flatten(etree.fromstring(TABLE_PAGE, etree.HTMLParser()))
    rows = [b for b in blocks if b.row]
    assert [b.text for b in rows] == ["Pos. Driver Points", "1 Kyle Busch 5040", "2 Martin Truex Jr. 5035"]
    doc = extract_document(decode_capture(Capture(url="http://example.com/a", body=TABLE_PAGE.encode())))
    assert "1 Kyle Busch 5040" in doc.text.splitlines() and "next season" in doc.text


NESTED_TABLES = """<html><body><table id="layout"><tr><td><table id="menu"><tr><td><table id="scores">
<tr><td>1</td><td>Kyle</td></tr><tr><td>2</td><td>Martin</td></tr><tr><td>3</td><td>Denny</td></tr></table>
</td></tr></table></td><td><table id="text"><tr><td>One cell</td><td>of a row</td></tr></table></td></tr>
<tr><td><table id="long"><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr>
<tr><td>e</td><td>{long}</td></tr></table></td></tr></table></body></html>""".format(long="word " * 30)


def test_data_cells_only_in_innermost_tables_of_short_rows():
    # "layout" and "menu" hold tables, "text" has one row, "long" a cell of 150 letters: only the
    # rows of "scores" read as lines; the cells of the others are block boundaries
    blocks = flatten(etree.fromstring(NESTED_TABLES, etree.HTMLParser()))
    rows = [b for b in blocks if b.row]
    assert [b.text for b in rows] == ["1 Kyle", "2 Martin", "3 Denny"]
    assert {next(b.owner.iterancestors("table")).get("id") for b in rows} == {"scores"}
    assert "One cell" in [b.text for b in blocks] and "of a row" in [b.text for b in blocks]


LONG_LINK = "<a href='/x'>" + "长文本，" * 110 + "</a>"  # 440 letters: broken markup, no link


def test_false_links_are_text_and_their_lists_are_no_link_lists():
    page = (f"<html><body><ul><li><a href='/a'>首页</a></li><li>{LONG_LINK}</li></ul>"
            f"<div><a href='/b'>{'短' * 400}</a>{LONG_LINK}<p>尾</p></div></body></html>")
    blocks = flatten(etree.fromstring(page, etree.HTMLParser()))
    by_text = {b.text[:4]: b for b in blocks}
    # the list is walked item by item (it holds a false link), its short link stays a link
    assert by_text["首页"].link_chars == 2 and by_text["长文本，"].link_chars == 0
    # 400 letters exactly is still a link; the false link's text in the same block is not
    div = next(b for b in blocks if b.text.startswith("短"))
    assert div.link_chars == 400 and div.chars == 400 + 440


def test_a_false_link_in_a_nested_menu_is_measured_too():
    page = (f"<html><body><ul><li><a href='/a'>首页</a></li><li><ul><li>{LONG_LINK}</li></ul></li></ul>"
            "</body></html>")
    blocks = flatten(etree.fromstring(page, etree.HTMLParser()))
    assert [(b.text[:4], b.link_chars) for b in blocks] == [("首页", 2), ("长文本，", 0)]
