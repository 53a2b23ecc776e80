"""How Chinese official documents number the levels of a plan: 一、 （一） 1. （1） ①."""

from luoshi.core.textnorm import number_to_cn

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def default_number(depth: int, ordinal: int) -> str:
    """The number of the ``ordinal``-th (1-based) item at ``depth`` (0 = top level)."""
    if depth == 0:
        return f"{number_to_cn(ordinal)}、"
    if depth == 1:
        return f"（{number_to_cn(ordinal)}）"
    if depth == 2:
        return f"{ordinal}."
    if depth == 3:
        return f"（{ordinal}）"
    return _CIRCLED[ordinal - 1] if ordinal <= len(_CIRCLED) else f"{ordinal})"
