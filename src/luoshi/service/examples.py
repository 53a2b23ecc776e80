"""Well-formed 统一社会信用代码 for the demo, the benchmark and tests.

An enterprise registered by 工商 (authority 9, type 1), the region of its registering office,
a subject code (the old organisation code, GB 11714, with its own check character) made
from ``serial``, and the GB 32100 check character: codes that ``check_uscc`` accepts as
standard and that differ for every serial.
"""

from stdnum.cn.uscc import calc_check_digit

_GB11714_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _organisation_code(serial: int) -> str:
    body = f"{serial % 10**8:08d}"
    total = sum(int(ch, 36) * w for ch, w in zip(body, _GB11714_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def enterprise_uscc(region_code: str, serial: int) -> str:
    first17 = f"91{region_code}{_organisation_code(serial)}"
    return first17 + calc_check_digit(first17)
