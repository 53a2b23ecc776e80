"""The demo's briefs: Fushun's 2023 half-year review (seed 002's figures, each linked to the
rows it came from), issued, with a leader's instruction; Yingkou's June 简报 as a draft; and
Yingkou's July 通报 as a draft, which names the units with overdue supervision orders."""

import datetime as dt

from luoshi.briefs import services
from luoshi.briefs.models import Brief
from luoshi.core.permissions import SYSTEM
from luoshi.orgs.models import User

FUSHUN_REVIEW = services.BriefRequest(
    region_code="210400", period="2023-06", kind="review",
    title="加强党的全面领导 激发振兴发展精气神——全市上半年经济运行情况系列综述之一")
YINGKOU_BULLETIN = services.BriefRequest(region_code="210800", period="2023-06", kind="bulletin")
YINGKOU_NOTICE = services.BriefRequest(region_code="210800", period="2023-07", kind="notice")


def load_demo_briefs() -> None:
    if not Brief.objects.filter(region_id="210400", period="2023-06", kind="review").exists():
        review = services.generate_brief(actor=SYSTEM, request=FUSHUN_REVIEW)
        review.copy_to = "市委各部门，市人大常委会办公室，市政协办公室"
        review.save(update_fields=["copy_to"])
        services.issue_brief(actor=SYSTEM, brief=review, issued_on=dt.date(2023, 7, 25))
        leader = User.objects.filter(username="shilingdao").first()
        if leader is not None:
            services.write_instruction(
                actor=leader, brief=review, written_on=dt.date(2023, 7, 26),
                text="成绩来之不易。下半年要紧盯项目建设和招商引资，确保全年目标任务完成。")
    if not Brief.objects.filter(region_id="210800", period="2023-06", kind="bulletin").exists():
        services.generate_brief(actor=SYSTEM, request=YINGKOU_BULLETIN)
    if not Brief.objects.filter(region_id="210800", period="2023-07", kind="notice").exists():
        services.generate_brief(actor=SYSTEM, request=YINGKOU_NOTICE)
