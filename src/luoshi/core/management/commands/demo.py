from django.core.management.base import BaseCommand
from django.db import transaction

from luoshi.core.audit import audit_source
from luoshi.demo.assessment import load_demo_assessment
from luoshi.demo.attraction import load_demo_attraction
from luoshi.demo.briefs import load_demo_briefs
from luoshi.demo.cockpit import COCKPIT_LOGINS, load_demo_cockpit
from luoshi.demo.indicators import load_demo_indicators
from luoshi.demo.ingest import load_demo_ingest
from luoshi.demo.orgs import DEMO_LOGINS, DEMO_PASSWORD, load_demo_orgs
from luoshi.demo.plans import load_demo_plans
from luoshi.demo.projects import load_demo_projects
from luoshi.demo.service import demo_enterprise_login, load_demo_service
from luoshi.demo.supervision import load_demo_supervision
from luoshi.orgs.models import Role

YINGKOU_LOGINS = [
    ("yk_hq", "hq_staff", "营口市指挥部"),
    ("yk_fgw_tianbao", "reporter", "营口市发改委填报员"),
    ("yk_fgw_lingdao", "unit_leader", "营口市发改委领导"),
    ("yk_duchashi", "supervision", "营口市督查室：预警和督办单"),
]

# Each loader builds on the ones before it: warnings are found by the real rules in the
# plans, projects, indicators and appeals; the assessment scores all of them; the briefs
# report them.
LOADERS = [load_demo_orgs, load_demo_cockpit, load_demo_plans, load_demo_indicators,
           load_demo_projects, load_demo_attraction, load_demo_service, load_demo_supervision,
           load_demo_assessment, load_demo_ingest, load_demo_briefs]


class Command(BaseCommand):
    help = "载入演示数据（可重复运行，结果相同）并打印演示账号"

    def handle(self, *args, **options):
        with audit_source("demo"), transaction.atomic():
            for load in LOADERS:
                load()
        roles = dict(Role.objects.values_list("code", "name"))
        self.stdout.write("演示数据已就绪。演示账号（Demo logins）：")
        for login in [*DEMO_LOGINS, *COCKPIT_LOGINS]:
            self.stdout.write(f"  {login.username:<16} {login.password:<14} {roles[login.role]}（{login.full_name}）")
        self.stdout.write("营口三年行动方案（2023年1-6月的报告和红黄绿灯）：")
        for username, role, who in YINGKOU_LOGINS:
            self.stdout.write(f"  {username:<16} {DEMO_PASSWORD:<14} {roles[role]}（{who}）")
        username, password, enterprise = demo_enterprise_login()
        self.stdout.write("企业服务（企业登录，提诉求、看答复）：")
        self.stdout.write(f"  {username:<16} {password:<14} {roles['enterprise']}（{enterprise}）")
        self.stdout.write("打开 http://127.0.0.1:8000/ 登录。")
