"""Scoring extraction against a labelled set: recall and precision.

A labelled set is a folder of ``NAME.txt`` texts, each with ``NAME.json`` holding
``{"facts": [{"value", "unit", "span", "kind", ...}]}``. An extracted fact matches a gold
fact when value and unit are equal and their spans overlap; each gold fact is matched at
most once. Kind accuracy is reported over the matched pairs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from luoshi.core.errors import InvalidInput
from luoshi.ingest.extraction import Fact, extract_facts


@dataclass
class TextScore:
    name: str
    gold: int
    extracted: int
    matched: int
    kind_agreed: int
    missed: list[dict] = field(default_factory=list)
    spurious: list[Fact] = field(default_factory=list)


@dataclass
class SetScore:
    texts: list[TextScore]

    @property
    def gold(self) -> int:
        return sum(t.gold for t in self.texts)

    @property
    def extracted(self) -> int:
        return sum(t.extracted for t in self.texts)

    @property
    def matched(self) -> int:
        return sum(t.matched for t in self.texts)

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 1.0

    @property
    def f1(self) -> float:
        total = self.recall + self.precision
        return 2 * self.recall * self.precision / total if total else 0.0

    @property
    def kind_accuracy(self) -> float:
        return sum(t.kind_agreed for t in self.texts) / self.matched if self.matched else 1.0


def score_folder(folder: str | Path) -> SetScore:
    folder = Path(folder)
    texts = sorted(folder.glob("*.txt"))
    if not texts:
        raise InvalidInput(f"目录“{folder}”中没有 .txt 文本", field="folder")
    return SetScore([score_text(path) for path in texts])


def score_text(path: Path) -> TextScore:
    gold_path = path.with_suffix(".json")
    if not gold_path.exists():
        raise InvalidInput(f"文本“{path.name}”缺少标注文件“{gold_path.name}”", field="folder")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))["facts"]
    facts = extract_facts(path.read_text(encoding="utf-8"))
    return match(path.stem, gold, facts)


def match(name: str, gold: list[dict], facts: list[Fact]) -> TextScore:
    unmatched = list(gold)
    matched = kind_agreed = 0
    spurious = []
    for fact in facts:
        partner = next((g for g in unmatched if _same(g, fact)), None)
        if partner is None:
            spurious.append(fact)
            continue
        unmatched.remove(partner)
        matched += 1
        kind_agreed += partner.get("kind", "actual") == fact.kind
    return TextScore(name, len(gold), len(facts), matched, kind_agreed, unmatched, spurious)


def _same(gold: dict, fact: Fact) -> bool:
    start, end = gold["span"]
    return (
        Decimal(str(gold["value"])) == fact.value
        and gold["unit"] == fact.unit
        and start < fact.end
        and fact.start < end
    )


def report_lines(score: SetScore, *, details: bool = False) -> list[str]:
    """The scorer's printout, one line per text then the totals."""
    lines = []
    for text in score.texts:
        lines.append(f"{text.name}: 标注 {text.gold}，提取 {text.extracted}，匹配 {text.matched}")
        if details:
            lines += [f"  漏提 {g['text']}（{g['value']} {g['unit']}）" for g in text.missed]
            lines += [f"  误提 {f.text}（{f.value} {f.unit}）@{f.start}" for f in text.spurious]
    lines.append(
        f"合计：标注 {score.gold}，提取 {score.extracted}，匹配 {score.matched}；"
        f"召回率 recall {score.recall:.3f}，准确率 precision {score.precision:.3f}，"
        f"F1 {score.f1:.3f}，kind 一致率 {score.kind_accuracy:.3f}"
    )
    return lines
