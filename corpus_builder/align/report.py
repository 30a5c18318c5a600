"""Per-pair quality report: unmatched clauses, numbering gaps, odd length ratios."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SUSPICIOUS_RATIO = 2.5   # a link whose length ratio is this far off the usual one (either way)


@dataclass(slots=True)
class PairReport:
    """What went well or not in aligning one document pair."""

    src_doc_id: str
    tgt_doc_id: str
    src_lang: str
    tgt_lang: str
    pair_score: float
    pair_method: str
    clause_method: str
    clause_links: int = 0
    sentence_links: int = 0
    src_only: list[int] = field(default_factory=list)      # clause numbers on the source side only
    tgt_only: list[int] = field(default_factory=list)
    src_gaps: list[int] = field(default_factory=list)      # numbers missing from 1..max
    tgt_gaps: list[int] = field(default_factory=list)
    unmatched_src: list[int] = field(default_factory=list)  # clause indexes in 1:0 links
    unmatched_tgt: list[int] = field(default_factory=list)
    suspicious: list[dict[str, Any]] = field(default_factory=list)  # odd length ratios

    @property
    def ok(self) -> bool:
        return not (self.src_only or self.tgt_only or self.src_gaps or self.tgt_gaps
                    or self.unmatched_src or self.unmatched_tgt or self.suspicious)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["ok"] = self.ok
        return out

    def as_text(self) -> str:
        lines = [f"{self.src_lang}:{self.src_doc_id} <-> {self.tgt_lang}:{self.tgt_doc_id}  "
                 f"pair score {self.pair_score:.2f} ({self.pair_method}); clauses by {self.clause_method}: "
                 f"{self.clause_links} links, {self.sentence_links} sentence links"]
        for label, values in (("clause numbers only in source", self.src_only),
                              ("clause numbers only in target", self.tgt_only),
                              ("numbering gaps in source", self.src_gaps),
                              ("numbering gaps in target", self.tgt_gaps),
                              ("unmatched source clauses", self.unmatched_src),
                              ("unmatched target clauses", self.unmatched_tgt)):
            if values:
                lines.append(f"  {label}: {', '.join(map(str, values))}")
        for s in self.suspicious:
            lines.append(f"  suspicious length ratio {s['ratio']:.2f} (usual {s['expected']:.2f}) "
                         f"for clauses {s['src']} / {s['tgt']}")
        if self.ok:
            lines.append("  ok")
        return "\n".join(lines)


def is_suspicious(ratio: float, expected: float) -> bool:
    """True when a length ratio is more than SUSPICIOUS_RATIO times off the expected one."""
    return ratio > expected * SUSPICIOUS_RATIO or ratio < expected / SUSPICIOUS_RATIO
