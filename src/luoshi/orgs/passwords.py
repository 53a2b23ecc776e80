import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_CLASSES = (re.compile(r"[a-z]"), re.compile(r"[A-Z]"), re.compile(r"[0-9]"), re.compile(r"[^a-zA-Z0-9]"))


class CharacterClassValidator:
    """At least 3 of 4 character classes: lower case, upper case, digits, symbols."""

    required = 3

    def validate(self, password, user=None):
        present = sum(1 for pattern in _CLASSES if pattern.search(password))
        if present < self.required:
            raise ValidationError(
                _("密码须包含大写字母、小写字母、数字、符号中的至少三类"), code="password_classes"
            )

    def get_help_text(self):
        return _("密码至少8位，且包含大写字母、小写字母、数字、符号中的至少三类。")
