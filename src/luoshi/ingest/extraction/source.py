"""Turning the bytes of an uploaded or given file into text, with a clear error otherwise."""

from __future__ import annotations

import codecs

from luoshi.core.errors import ParseError

# Large enough for a long work report; a file bigger than this is not a briefing.
MAX_BYTES = 5 * 1024 * 1024


def decode_text(data: bytes) -> str:
    """Decode a briefing file: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030.

    Chinese government sites still publish GBK pages, so GB18030 (a superset) is tried when
    UTF-8 fails. Anything else, or a binary file, raises ``ParseError`` in Chinese.
    """
    if len(data) > MAX_BYTES:
        raise ParseError(
            f"文件过大（{len(data) // 1024} KB），文本文件不能超过 {MAX_BYTES // 1024 // 1024} MB",
            code="text_too_large",
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data, "utf-16")
    if b"\x00" in data:
        raise ParseError("文件不是文本文件（含有二进制内容），请提供 UTF-8 编码的 .txt 文件",
                         code="text_encoding")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise ParseError("无法识别文件编码：请把文件另存为 UTF-8 编码的文本后再提取",
                         code="text_encoding") from None


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ParseError(f"文件编码看似 {encoding.upper()}，但内容无法解码；请另存为 UTF-8",
                         code="text_encoding") from None
