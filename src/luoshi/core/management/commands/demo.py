from django.core.management.base import BaseCommand
from django.db import transaction

from luoshi.core.audit import audit_source
from luoshi.demo.orgs import DEMO_LOGINS, DEMO_PASSWORD, load_demo_orgs
from luoshi.demo.plans import load_demo_plans
from luoshi.orgs.models import Role

YINGKOU_LOGINS = [
    ("yk_hq", "hq_staff", "营口市指挥部"),
    ("yk_fgw_tianbao", "reporter", "营口市发改委填报员"),
    ("yk_fgw_lingdao", "unit_leader", "营口市发改委领导"),
]


class Command(BaseCommand):
    help = "载入演示数据（可重复运行，结果相同）并打印演示账号"

    def handle(self, *args, **options):
        with audit_source("demo"), transaction.atomic():
            load_demo_orgs()
            load_demo_plans()
        roles = dict(Role.objects.values_list("code", "name"))
        self.stdout.write("演示数据已就绪。演示账号（Demo logins）：")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.username:<16} {login.password:<14} {roles[login.role]}（{login.full_name}）")
        self.stdout.write("营口三年行动方案（2023年1-6月的报告和红黄绿灯）：")
        for username, role, who in YINGKOU_LOGINS:
            self.stdout.write(f"  {username:<16} {DEMO_PASSWORD:<14} {roles[role]}（{who}）")
        self.stdout.write("打开 http://127.0.0.1:8000/ 登录。")
