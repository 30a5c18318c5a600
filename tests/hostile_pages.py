"""Small generated pages shared by the hostile-input tests (issue 18): a Russian and a Chinese
joint-statement page, with ``{cs}`` for the declared charset."""
from __future__ import annotations

RU = ("<html><head><meta charset='{cs}'><title>Совместное заявление министров</title></head><body>"
      "<div class='article'><h1>Совместное заявление министров</h1><p>11 сентября 2020 года</p>"
      + "".join(f"<p>{i}. Стороны подтвердили приверженность многосторонности и сотрудничеству в рамках "
                f"Организации Объединённых Наций по пункту {i}.</p>" for i in range(1, 6))
      + "</div></body></html>")
ZH = ("<html><head><meta charset='{cs}'><title>中俄外长联合声明</title></head><body>"
      "<div class='article'><h1>中俄外长联合声明</h1><p>2020年9月11日</p>"
      + "".join(f"<p>{n}、双方重申致力于维护以联合国为核心的国际体系，推动构建新型国际关系和人类命运共同体，"
                f"加强在多边框架内的协调与合作。</p>" for n in "一二三四五")
      + "</div></body></html>")
