from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "luoshi.core"
    label = "core"
    verbose_name = "核心"
