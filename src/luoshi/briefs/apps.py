from django.apps import AppConfig


class BriefsConfig(AppConfig):
    name = "luoshi.briefs"
    label = "briefs"
    verbose_name = "简报"
