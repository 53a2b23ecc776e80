from django.core.management.base import BaseCommand
from django.db import transaction

from luoshi.core.audit import audit_source
from luoshi.demo.orgs import DEMO_LOGINS, load_demo_orgs
from luoshi.demo.plans import load_demo_plans
from luoshi.orgs.models import Role


class Command(BaseCommand):
    help = "载入演示数据（可重复运行，结果相同）并打印演示账号"

    def handle(self, *args, **options):
        with audit_source("demo"), transaction.atomic():
            load_demo_orgs()
            load_demo_plans()
        roles = dict(Role.objects.values_list("code", "name"))
        self.stdout.write("演示数据已就绪。演示账号（Demo logins）：")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.username:<14} {login.password:<14} {roles[login.role]}（{login.full_name}）")
