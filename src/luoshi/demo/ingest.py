"""Demo briefing texts for the ingest review page (文本数据提取).

Seed 002 — Fushun's half-year review (全市上半年经济运行情况系列综述之一) — as the
statistics-heavy excerpt HQ would paste, and one short Yingkou briefing in Traditional
characters with page furniture, so both conversion and cleaning show. Kept by Fushun's HQ
(``hq``). Idempotent: a text is matched by its title and never duplicated; decisions are
left to the person trying the demo.
"""

from __future__ import annotations

from luoshi.ingest import services
from luoshi.ingest.models import SourceText
from luoshi.orgs.models import User

FUSHUN_REVIEW = (
    "加强党的全面领导 激发振兴发展精气神——全市上半年经济运行情况系列综述之一\n\n"
    "发布时间:2023-07-25\n\n阅读次数:\n\n我要打印\n\n关闭\n\n"
    "  这是一组振奋人心的数字:今年上半年，抚顺固定资产投资增速22.3%，工业项目投资占比40%以上，"
    "域外引资到位额增长92.1%，旅游总收入增长39.4%……\n\n"
    "  6月28日，江苏三木集团65万吨苯酚丙酮产业链项目奠基仪式在抚顺高新区举行，项目总投资高达86.8亿元，"
    "对抚顺市打造完备的石化产业链具有重要的推动作用。\n\n"
    "  实现振兴时不我待，加快发展迫在眉睫。上半年，我市召开市委常委会和领导小组会议12次，"
    "充分发挥党总揽全局、协调各方的领导作用。\n\n"
    "  上半年，全市固定资产投资完成81.8亿元，保持了投资增速排名连续4个月全省前2位的强劲势头，"
    "创下历史新高；全市20个项目列入省300个重大工程项目清单，排名全省第三位，仅次于沈阳和大连。\n"
)

YINGKOU_BRIEF = (
    "首頁 > 新聞中心 > 營口要聞\n"
    "營口：前三季度招商引資保持強勁勢頭\n"
    "來源：營口發布　發布時間：2023-10-16 09:30\n"
    "分享到：微信 微博\n\n"
    "　　前三季度，全市新簽約項目187個，同比增長35.5%，協議總投資1026.3億元；"
    "實際到位資金312.6億元，同比增長41.8%，增速居全省第二位。\n"
    "　　下一步，我市將緊盯全年目標，力爭全年到位資金突破500億元。\n\n"
    "版權所有：營口市人民政府　遼ICP備05000000號\n"
)

TEXTS = [
    ("抚顺：全市上半年经济运行情况综述（节选）", FUSHUN_REVIEW, "002_fushun_review.txt"),
    ("营口：前三季度招商引资情况（网页转载）", YINGKOU_BRIEF, ""),
]


def load_demo_ingest() -> None:
    actor = User.objects.get(username="hq")
    for title, text, file_name in TEXTS:
        if not SourceText.objects.filter(title=title).exists():
            services.create_source(actor=actor, text=text, title=title, file_name=file_name)
