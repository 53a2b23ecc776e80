from django.apps import AppConfig


class ServiceConfig(AppConfig):
    name = "luoshi.service"
    label = "service"
    verbose_name = "企业服务"
