"""Units written after a number in Chinese official texts.

A unit is an optional magnitude (万, 亿, 万亿, 千万, 百万, 千) and a base: money (元),
percentages (%, 个百分点), measure words of counts (个, 项, 次, 家, 名…), physical units (吨,
亩, 公里, 千瓦时…) and durations (个月, 天). Units are returned as written in the aligned
normal form, i.e. in Simplified characters: 萬噸 → 万吨.
"""

from __future__ import annotations

import re

APPROX = "[余多]"
MAGNITUDES = ("万亿", "千万", "百万", "十万", "万", "亿", "千")

# Bases after which a quantity is a percentage or a change of one.
PERCENT_UNITS = ("%", "‰", "个百分点", "百分点")

MONEY_BASES = ("元", "美元", "欧元", "港元")

PHYSICAL_BASES = (
    "吨", "千克", "公斤", "斤", "千瓦时", "千瓦", "兆瓦", "吉瓦", "平方公里", "平方千米", "平方米",
    "立方米", "亩", "公顷", "公里", "千米", "标准箱", "标箱", "人次", "吨公里", "车次", "架次", "艘次", "班次", "航次", "户次", "标准箱", "千瓦",
    "场次", "项次", "件次", "台套", "万人次",
    "床", "张床位", "个床位",
)  # fmt: skip

# Measure words of counts. A following character that turns the measure word into another
# word is excluded per word (部门, 人民, 期间…).
COUNT_BASES = {
    "个月": "", "个工作日": "", "个位次": "", "位次": "", "个": "", "项": "目", "次": "要数序生级日年月产", "名": "单称义录额",
    "家": "庭乡园具电属", "位": "于置", "户": "籍口外", "人": "民大才口员均", "座": "谈位",
    "所": "属有在以谓得", "处": "理置于长级室", "条": "件例款", "件": "事", "批次": "", "批": "准示复评",
    "台": "阶湾账", "套": "餐", "辆": "", "艘": "", "架": "构", "场": "所景地馆面合", "篇": "章",
    "份": "额子", "种": "类植养子", "类": "别型似", "栋": "梁", "间": "隔接", "张": "家", "部": "门署分",
    "支": "持出付撑部", "只": "是有要能", "头": "部", "株": "", "棵": "", "宗": "旨", "起": "来步草点",
    "例": "如会行", "块": "", "根": "据本", "组": "织成建合", "轮": "", "期": "间末初货刊待望限",
    "倍": "增", "天": "然下津", "小时": "", "分钟": "", "岁": "月", "周": "年边期",
}  # fmt: skip

BASES = PERCENT_UNITS[:2] + (
    *MONEY_BASES, *PHYSICAL_BASES, *COUNT_BASES, "百分点", "个百分点",
)


def _alternation(words) -> str:
    return "|".join(sorted(set(words), key=len, reverse=True))


# Prices and amounts per something: 3000元/吨, 1.2万元/人.
PER = "/(?:吨|平方米|亩|人|户|年|月|千瓦时|斤|公斤|件|个|台|辆)"


def unit_pattern() -> str:
    """A regex for a unit: ``(?:magnitude)?base`` or a bare magnitude (万, 亿)."""
    bases = []
    for word in sorted(set(BASES), key=len, reverse=True):
        exclude = COUNT_BASES.get(word, "")
        if word in MONEY_BASES:
            bases.append(f"{word}(?:{PER})?")
        else:
            bases.append(f"{word}(?![{exclude}])" if exclude else word)
    base = "|".join(bases)
    magnitude = _alternation(MAGNITUDES)
    # 2.3万余人: an approximation may sit between the magnitude and the base; it is dropped
    # from the unit by ``plain_unit``.
    return rf"(?:(?:{magnitude})?{APPROX}?(?:{base})|(?:{magnitude})(?![\u4e00-\u9fff]))"


def plain_unit(written: str) -> str:
    """The unit without an approximation word: 万余人 → 万人."""
    return re.sub(APPROX, "", written)


def is_percent(unit: str) -> bool:
    return unit in PERCENT_UNITS


_NOT_BEFORE_NOUN = ("个位次", "位次", "倍", "天", "小时", "分钟", "岁", "个月", "个工作日", "周")


def measures_noun_after(unit: str) -> bool:
    """Whether the counted or measured noun follows the unit: 20个项目, 65万吨苯酚丙酮项目."""
    base = _without_magnitude(unit)
    if base in _NOT_BEFORE_NOUN or unit in PERCENT_UNITS:
        return False
    return base in COUNT_BASES or base in PHYSICAL_BASES


def _without_magnitude(unit: str) -> str:
    for magnitude in MAGNITUDES:
        if unit.startswith(magnitude) and len(unit) > len(magnitude):
            return unit[len(magnitude):]
    return unit
