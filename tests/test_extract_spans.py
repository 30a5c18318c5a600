"""Per-element facts over the blocks (text/spans.py) equal a walk up every block's ancestors,
including for an inline element around paragraphs, whose blocks are no contiguous run."""
from __future__ import annotations

import random

from lxml import etree

from corpus_builder.text.blocks import flatten
from corpus_builder.text.spans import Spans

PAGE = """<html><body>
<div id="top"><p>首页</p><p>新闻，中心。</p></div>
<div id="main"><td><font id="zoom">正文开头的文字，<p>第一段。</p>中间的文字，<p>第二段，很长。</p>结尾</font>
 <p>表格外</p></td>
 <div><div><p>深层的段落。</p></div><p>后面的段落</p></div></div>
<div id="foot">版权所有</div>
</body></html>"""


def _naive(blocks, values):
    """The per-block ancestor walk the Spans replace: counts, starts, chars, links, running sums."""
    counts, starts, chars, links, sums = {}, {}, {}, {}, {}
    for block in blocks:
        el = block.owner
        while el is not None:
            if el not in counts:
                counts[el], starts[el], chars[el], links[el] = 0, block.index, 0, 0
            counts[el] += 1
            chars[el] += block.chars
            links[el] += block.link_chars
            sums[el] = sums.get(el, 0.0) + values[block.index]
            el = el.getparent()
    return counts, starts, chars, links, sums


def _blocks():
    tree = etree.fromstring(PAGE, etree.HTMLParser())
    blocks = flatten(tree)
    rng = random.Random(7)
    for block in blocks:  # weights whose sums round differently in another order
        block.weight = rng.uniform(-100, 100) / 3
    return tree, blocks


def test_spans_equal_the_walk_up_every_block_in_content_and_order():
    _, blocks = _blocks()
    spans = Spans.of(blocks)
    counts, starts, chars, links, positive = _naive(blocks, [max(b.weight, 0.0) for b in blocks])
    for mine, theirs in ((spans.counts, counts), (spans.starts, starts), (spans.chars, chars),
                         (spans.links, links), (spans.positive, positive)):
        assert list(mine.items()) == list(theirs.items())


def test_an_inline_element_around_paragraphs_is_scattered():
    tree, blocks = _blocks()
    spans = Spans.of(blocks)
    font = tree.find(".//font")
    under = [b.index for b in blocks if font in set(b.owner.iterancestors()) | {b.owner}]
    assert under != list(range(under[0], under[-1] + 1))  # its own text belongs to the <td>
    assert list(spans.blocks_of(font)) == under and font in spans.scattered
    main = tree.find(".//div[@id='main']")
    assert list(spans.blocks_of(main)) == list(range(spans.starts[main], spans.starts[main] + spans.counts[main]))


def test_sums_add_block_values_in_block_order():
    _, blocks = _blocks()
    spans = Spans.of(blocks)
    values = [random.Random(index).uniform(-1e3, 1e3) / 7 for index in range(len(blocks))]
    assert list(spans.sums(values).items()) == list(_naive(blocks, values)[4].items())


def test_below_any_is_the_test_on_the_element_or_an_ancestor():
    tree, blocks = _blocks()
    spans = Spans.of(blocks)
    marked = {tree.find(".//font"), tree.find(".//div[@id='foot']")}
    asked = []

    def test(el):
        asked.append(el)
        return el in marked
    order, found = spans.below_any(test)
    assert order == list(spans.counts)
    walk_up = [any(a in marked for a in [el, *el.iterancestors()]) for el in order]
    assert found == walk_up and any(found) and not all(found)
    assert len(asked) == len(set(asked)) and not any(a in marked for el in asked for a in el.iterancestors())
    # top-down: each element is asked after its parent (which, unmarked, was asked too)
    assert all(el.getparent() is None or el.getparent() in asked[:i] for i, el in enumerate(asked))
    assert spans.per_block(found) == [walk_up[order.index(b.owner)] for b in blocks]
