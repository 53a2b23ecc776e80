from django.apps import AppConfig


class CockpitConfig(AppConfig):
    name = "luoshi.cockpit"
    label = "cockpit"
    verbose_name = "领导驾驶舱"

    def ready(self) -> None:
        from luoshi.cockpit.panels import load_builtin_panels

        load_builtin_panels()
