"""统一社会信用代码 (Unified Social Credit Code, GB 32100-2015) checks.

An 18-character code: 1 registering authority (登记管理部门), 2 organisation type (机构类别),
3–8 region of the registering office (GB/T 2260), 9–17 subject code (主体标识码, the old
organisation code), 18 check character. The alphabet is 0–9 and A–Z without I, O, Z, S, V.

The check character comes from ``stdnum.cn.uscc.calc_check_digit``. ``stdnum``'s own
``validate`` is not used: it requires digits in positions 1–8, while the standard and its
amendments give letter authorities (A 中央军委改革和编制办公室, N 农业, Y 其他).

Codes issued by pilots before the standard settled may carry authority or type characters
outside the standard tables and a check character that does not verify. Such a code is not
rejected: ``check_uscc`` returns it with ``warning_code = "uscc_pilot"`` and a Chinese
``warning`` naming the expected check character, so people can decide. A code whose
authority and type are in the tables but whose check character is wrong raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum.cn.uscc import calc_check_digit

from luoshi.core.errors import UsccError
from luoshi.core.textnorm import to_halfwidth

__all__ = ["AUTHORITIES", "ORG_TYPES", "UsccResult", "check_uscc", "is_valid_uscc"]

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

# GB 32100-2015 table 1 with its amendments: registering authority → organisation types.
AUTHORITIES: dict[str, str] = {
    "1": "机构编制", "2": "外交", "3": "司法行政", "4": "文化", "5": "民政", "6": "旅游",
    "7": "宗教", "8": "工会", "9": "工商", "A": "中央军委改革和编制办公室", "N": "农业",
    "Y": "其他",
}  # fmt: skip
ORG_TYPES: dict[str, dict[str, str]] = {
    "1": {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他"},
    "2": {"1": "外国常驻新闻机构", "9": "其他"},
    "3": {"1": "律师执业机构", "2": "公证处", "3": "基层法律服务所", "4": "司法鉴定机构",
          "5": "仲裁委员会", "9": "其他"},
    "4": {"1": "外国在华文化中心", "9": "其他"},
    "5": {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"},
    "6": {"1": "外国旅游部门常驻代表机构", "2": "港澳台地区旅游部门常驻内地（大陆）代表机构",
          "9": "其他"},
    "7": {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"},
    "8": {"1": "基层工会", "9": "其他"},
    "9": {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"},
    "A": {"1": "军队事业单位", "9": "其他"},
    "N": {"1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"},
    "Y": {"1": "其他"},
}  # fmt: skip

_SEPARATORS = re.compile(r"[\s\-]+")


@dataclass(frozen=True)
class UsccResult:
    """A checked code and its parts; ``warning`` is set for a probable early pilot code."""

    code: str
    authority: str
    org_type: str
    region_code: str
    subject_code: str
    check_char: str
    authority_name: str | None
    org_type_name: str | None
    warning: str | None = None
    warning_code: str | None = None

    @property
    def is_standard(self) -> bool:
        """Authority and type are in the tables and the check character verifies."""
        return self.warning is None


def _normalise(code: str) -> str:
    return _SEPARATORS.sub("", to_halfwidth(code, keep_cjk_punctuation=False)).upper()


def check_uscc(code: str) -> UsccResult:
    """Check a 统一社会信用代码 and split it into its parts.

    Lower case, full-width characters, spaces and hyphens are accepted and normalised.
    Raises ``UsccError`` with code ``uscc_length``, ``uscc_charset``, ``uscc_region`` or
    ``uscc_check`` (message "校验码应为X，实为Y"); see the module docstring for pilot codes.
    """
    s = _normalise(code)
    if len(s) != 18:
        raise UsccError(f"统一社会信用代码应为18位，「{code}」为{len(s)}位", code="uscc_length")
    for position, char in enumerate(s, start=1):
        if char not in ALPHABET:
            raise UsccError(
                f"统一社会信用代码「{code}」第{position}位“{char}”不是允许的字符"
                "（只用数字和大写字母，不用I、O、Z、S、V）",
                code="uscc_charset",
            )
    if not s[2:8].isdigit():
        raise UsccError(
            f"统一社会信用代码「{code}」第3-8位应为6位数字的行政区划码", code="uscc_region"
        )
    authority_name = AUTHORITIES.get(s[0])
    org_type_name = ORG_TYPES.get(s[0], {}).get(s[1])
    expected, actual = calc_check_digit(s[:17]), s[17]
    warning = warning_code = None
    if authority_name is None or org_type_name is None:
        warning_code = "uscc_pilot"
        what = "登记管理部门代码" if authority_name is None else "机构类别代码"
        if expected == actual:
            warning = f"「{s}」的{what}不在GB 32100-2015代码表中，请核实"
        else:
            warning = (
                f"「{s}」的{what}不在GB 32100-2015代码表中，校验码应为{expected}，"
                f"实为{actual}；可能是标准发布前的试点代码，请核实"
            )
    elif expected != actual:
        raise UsccError(
            f"统一社会信用代码「{s}」校验码应为{expected}，实为{actual}", code="uscc_check"
        )
    return UsccResult(
        code=s,
        authority=s[0],
        org_type=s[1],
        region_code=s[2:8],
        subject_code=s[8:17],
        check_char=actual,
        authority_name=authority_name,
        org_type_name=org_type_name,
        warning=warning,
        warning_code=warning_code,
    )


def is_valid_uscc(code: str) -> bool:
    """True when ``check_uscc`` accepts the code without raising and without a warning."""
    try:
        return check_uscc(code).is_standard
    except UsccError:
        return False
