"""Showing audit entries to people: actions in words, only the fields that changed."""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

ACTION_LABELS = {
    "create": _("新增"),
    "update": _("修改"),
    "delete": _("删除"),
    "set_roles": _("授权"),
    "reset_password": _("重置密码"),
    "change_password": _("修改密码"),
    "create_token": _("生成令牌"),
    "revoke_token": _("作废令牌"),
    "submit": _("报送"),
    "approve": _("审核通过"),
    "accept": _("采纳"),
    "return": _("退回"),
    "set_targets": _("设置目标"),
    "set_milestones": _("设置节点目标"),
    "add_evidence": _("上传佐证材料"),
    "remove_evidence": _("删除佐证材料"),
}


@register.filter
def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


@register.filter
def changed_fields(entry) -> list[tuple[str, object, object]]:
    """(field, before, after) for each field whose value differs; all fields for create/delete."""
    before, after = entry.before or {}, entry.after or {}
    names = list(dict.fromkeys([*before, *after]))
    return [(name, before.get(name, ""), after.get(name, ""))
            for name in names if before.get(name) != after.get(name) or not (before and after)]
