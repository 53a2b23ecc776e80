"""Warnings and orders as .xlsx lists (export), in the layout of :mod:`luoshi.core.xlsx`."""

from __future__ import annotations

from luoshi.core.xlsx import Column, label, write_table
from luoshi.supervision.models import OrderStatus, Severity, WarningStatus
from luoshi.supervision.rules import rule_titles


def _date(value) -> str:
    return value.isoformat() if value else ""


def warning_columns() -> list[Column]:
    titles = rule_titles()
    return [
        Column("预警规则", "rule", export=lambda w: titles.get(w.rule, w.rule)),
        Column("预警对象", "item_title"),
        Column("责任单位", "unit", export=lambda w: w.unit.name),
        Column("行政区划", "region", export=lambda w: w.region.name),
        Column("预警期", "period"),
        Column("严重程度", "severity", export=lambda w: label(Severity, w.severity)),
        Column("预警原因", "reason"),
        Column("预警日期", "opened_on", export=lambda w: _date(w.opened_on)),
        Column("消除日期", "closed_on", export=lambda w: _date(w.closed_on)),
        Column("状态", "status", export=lambda w: label(WarningStatus, w.status)),
        Column("督办单", "orders", export=lambda w: "、".join(o.number for o in w.orders.all())),
    ]


ORDER_COLUMNS = [
    Column("督办单编号", "number"),
    Column("督办事项", "title"),
    Column("承办单位", "unit", export=lambda o: o.unit.name),
    Column("交办日期", "issued_on", export=lambda o: _date(o.issued_on)),
    Column("办理时限", "deadline", export=lambda o: _date(o.deadline)),
    Column("状态", "status", export=lambda o: label(OrderStatus, o.status)),
    Column("销号日期", "closed_on", export=lambda o: _date(o.closed_on)),
    Column("督办内容", "content"),
    Column("反馈要求", "requirements"),
]


def export_warnings(rows) -> bytes:
    return write_table(warning_columns(), rows.iterator(chunk_size=2000) if hasattr(rows, "iterator") else rows,
                       title="预警清单", sheet_name="预警清单")


def export_orders(rows) -> bytes:
    return write_table(ORDER_COLUMNS, rows, title="督办单清单", sheet_name="督办单清单")
