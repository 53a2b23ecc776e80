from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "luoshi.ingest"
    label = "ingest"
    verbose_name = "文本数据提取"
