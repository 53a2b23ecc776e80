"""Demo plan from seed 000: 《营口全面振兴新突破三年行动方案（2023—2025年）》.

The seed gives the plan's shape — 指导思想, 6 principles, overall goals, 8 areas of
breakthrough with 50 specific tasks, 5 safeguards — but not the items themselves; the areas
and tasks below are written in the style of Liaoning's 全面振兴新突破三年行动. Figures,
milestones and reports are invented but plausible.

Everything goes through the real services with the actor who would do it in an office: HQ
(``yk_hq``) sets the plan up, each lead unit's reporter fills and submits, its leader
approves, HQ accepts or returns. The services stamp events with ``timezone.now()``; the
loader then back-dates the report events and submission times to the months they belong to
(see :func:`_backdate`). Audit entries keep the real load time: they are a hash chain and
record what really happened, when.

By 2023-06 the tasks show all three lights for real reasons: targets on track, lagging or
seriously lagging; milestones overdue; reports missing for two months; reports returned by HQ.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, ROUND_UP, Decimal

from django.utils import timezone

from luoshi.core.permissions import SYSTEM
from luoshi.core.workdays import add_workdays
from luoshi.orgs import accounts
from luoshi.orgs.models import Official, Role, Unit, UnitKind, User
from luoshi.plans import services as plans
from luoshi.plans.models import Accumulation, Direction, NodeKind, Plan, PlanNode
from luoshi.progress import services as progress
from luoshi.progress.models import ProgressReport, ReportEvent
from luoshi.progress.status import recompute_period

REGION = "210800"
PLAN_TITLE = "营口全面振兴新突破三年行动方案（2023—2025年）"
YEAR = 2023
MONTHS = range(1, 7)  # reports 2023-01 … 2023-06
SEED = 20230320  # 市委十三届六次全会, which adopted the plan
PASSWORD = "Luoshi@2023"  # the same as demo/orgs.py


# --- what the plan says ------------------------------------------------------------------


@dataclass(frozen=True)
class DemoTarget:
    metric: str
    unit: str
    years: tuple[str, str, str]  # 2023, 2024, 2025
    baseline: str | None = None
    lower: bool = False  # lower is better (implies a level)
    level: bool = False  # a level reached, not a sum within the year


@dataclass(frozen=True)
class DemoMilestone:
    due: str
    text: str
    done: str | None = None


@dataclass(frozen=True)
class DemoTask:
    title: str
    lead: str  # unit code, or the suffix of a city department ("FGW" → "210800-FGW")
    co: tuple[str, ...] = ()
    targets: tuple[DemoTarget, ...] = ()
    milestones: tuple[DemoMilestone, ...] = ()
    # Completion by June ÷ share of the year elapsed: ≥ 0.9 on track, 0.7–0.9 lagging, below
    # 0.7 seriously lagging. Values are kept clear of the thresholds so rounding never decides.
    pace: float = 1.0
    leader: str = ""  # "" the lead unit's head; "mayor"/"secretary" of the leading group
    late: tuple[int, ...] = ()  # months whose report goes in after the deadline
    returned: bool = False  # the 2023-06 report is returned by HQ and not yet resubmitted
    missing: bool = False  # no report for 2023-05 and 2023-06


def _cum(metric, unit, y1, y2, y3):
    return DemoTarget(metric, unit, (y1, y2, y3))


def _level(metric, unit, base, y1, y2, y3, *, lower=False):
    return DemoTarget(metric, unit, (y1, y2, y3), baseline=base, lower=lower, level=True)


def _ms(due, text, done=None):
    return DemoMilestone(due, text, done)


T = DemoTask
GUIDING_IDEA = (
    "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，深入贯彻习近平总书记关于东北、"
    "辽宁振兴发展的重要讲话和重要指示批示精神，全面落实省委十三届五次全会部署，完整、准确、全面贯彻新发展"
    "理念，服务和融入新发展格局，牢牢把握高质量发展这个首要任务，更好统筹扩大内需和深化供给侧结构性改革，"
    "推动经济实现质的有效提升和量的合理增长，实现没有水分、没有污染的发展，奋力在全省全面振兴新突破三年"
    "行动中率先突破，为新时代东北振兴、辽宁振兴作出营口贡献。")

PRINCIPLES = [
    ("坚持党的全面领导", "深刻领悟“两个确立”的决定性意义，坚决做到“两个维护”，把党的领导贯穿三年行动全过程。"),
    ("坚持以人民为中心", "尽力而为、量力而行，让现代化建设成果更多更公平惠及全市人民。"),
    ("坚持高质量发展", "实现没有水分、没有污染的发展，创造经得起实践、人民和历史检验的实绩。"),
    ("坚持解放思想、改革创新", "以思想大解放引领全面振兴新突破，让干部敢为、地方敢闯、企业敢干、群众敢首创。"),
    ("坚持系统观念", "把握好“谋”与“干”、“点”与“面”的关系，全市上下一盘棋，形成合力向目标聚焦。"),
    ("坚持统筹发展和安全", "把握好“稳”与“进”的关系，以安全保发展、以发展促安全，有效防范化解重大风险。"),
]

GOALS = [
    ("总体目标", "到2025年，全市经济总量、发展质量、综合实力实现新突破，在全省全面振兴新突破三年行动中率先突破。", ()),
    ("经济发展目标", "地区生产总值、固定资产投资增速高于全省平均水平。",
     (_level("地区生产总值增速", "%", None, "6.0", "6.5", "7.0"),
      _level("固定资产投资增速", "%", None, "15.0", "15.0", "15.0"))),
    ("产业转型目标", "产业结构持续优化，战略性新兴产业比重明显提高。",
     (_level("战略性新兴产业产值占规模以上工业比重", "%", "15.0", "18.0", "20.0", "22.0"),)),
    ("开放合作目标", "港口强市建设取得新进展，对外开放水平显著提升。",
     (_level("港口货物吞吐量", "万吨", "20900", "21000", "22000", "23000"),)),
    ("民生福祉目标", "城乡居民收入增长与经济增长基本同步，民生保障更加有力。",
     (_level("城乡居民人均可支配收入增速", "%", None, "6.0", "6.5", "7.0"),)),
]

AREAS: list[tuple[str, str, list[DemoTask]]] = [
    ("在维护国家“五大安全”中体现营口担当", "坚决扛起维护国家国防、粮食、生态、能源、产业安全的政治使命。", [
        T("稳定粮食生产，加快高标准农田建设", "FGW", ("210881-GOV", "210882-GOV"),
          (_cum("新建高标准农田", "万亩", "15", "15", "15"),),
          (_ms("2023-03-31", "下达年度高标准农田建设任务", "2023-03-28"),
           _ms("2023-05-31", "完成春播粮食面积落实", "2023-05-26")), pace=1.02),
        T("推进清洁能源项目建设，保障能源安全", "FGW", ("GXJ",),
          (_cum("新增新能源装机容量", "万千瓦", "20", "30", "40"),),
          (_ms("2023-06-15", "完成海上风电项目核准前期手续"),), pace=0.84),
        T("落实重点产业链“链长制”，提升产业链供应链韧性", "GXJ", ("FGW",),
          (_cum("重点产业链新增配套项目", "个", "12", "15", "18"),),
          (_ms("2023-04-30", "建立重点产业链图谱和企业清单", "2023-04-25"),)),
        T("加强矿山生态修复和辽河口湿地保护", "210882-GOV", ("ZJJ",),
          (_cum("完成矿山生态修复面积", "公顷", "120", "150", "180"),),
          (_ms("2023-04-30", "编制年度矿山生态修复实施方案", "2023-04-27"),), pace=0.6),
        T("支持国防和军队建设，推进军民融合产业发展", "GXJ", (),
          (_cum("新增军民融合项目", "个", "4", "5", "6"),),
          (_ms("2023-09-30", "推动2个军民融合项目签约落地"),)),
        T("防范化解地方政府债务风险", "CZJ", ("FGW",),
          (_cum("化解存量政府隐性债务", "亿元", "15", "15", "15"),),
          (_ms("2023-05-31", "制定年度债务化解方案并报省备案", "2023-05-19"),), pace=1.1),
    ]),
    ("在推动产业结构优化升级上实现新突破", "改造升级“老字号”、深度开发“原字号”、培育壮大“新字号”。", [
        T("改造升级“老字号”，推动冶金、石化产业延链升级", "GXJ", ("FGW",),
          (_cum("实施技术改造项目", "个", "60", "70", "80"),),
          (_ms("2023-03-31", "发布年度重点技术改造项目清单", "2023-03-29"),
           _ms("2023-12-31", "完成年度技术改造项目验收")), pace=0.96),
        T("深度开发“原字号”，建设世界级镁质材料产业基地", "210882-GOV", ("GXJ", "KJJ"),
          (_cum("镁质材料产业产值", "亿元", "300", "350", "400"),),
          (_ms("2023-06-30", "出台镁产业高质量发展支持政策", "2023-06-16"),), pace=0.8),
        T("培育壮大“新字号”，发展新能源汽车零部件和新材料产业", "YKGX", ("GXJ",),
          (_cum("战略性新兴产业产值", "亿元", "180", "220", "260"),
           _cum("新引进新兴产业项目", "个", "10", "12", "15")),
          (_ms("2023-06-30", "新能源汽车零部件产业园一期项目开工", "2023-06-08"),), late=(6,)),
        T("推动规模以上工业稳增长", "GXJ", ("TJJ",),
          (_level("规模以上工业增加值增速", "%", "2.0", "6.0", "6.5", "7.0"),
           _cum("新增规模以上工业企业", "户", "40", "45", "50")),
          (_ms("2023-03-31", "出台工业稳增长若干措施", "2023-03-15"),), pace=0.93),
        T("加快数字经济发展，推进5G等新型基础设施建设", "GXJ", (),
          (_cum("新建5G基站", "个", "800", "600", "500"),),
          (_ms("2023-05-31", "完成年度5G基站站址规划", "2023-05-22"),
           _ms("2023-12-31", "实现城区和重点乡镇5G网络全覆盖")), pace=1.2),
        T("提振消费，发展现代商贸流通业", "SWJ", (),
          (_cum("社会消费品零售总额", "亿元", "480", "510", "545"),),
          (_ms("2023-04-30", "举办“惠享营口”促消费系列活动", "2023-04-28"),), pace=0.98,
          returned=True),
        T("建设文旅强市，打响“百年港城·北方海滨”品牌", "WLJ", ("210804-GOV",),
          (_cum("接待国内游客", "万人次", "3000", "3300", "3600"),
           _cum("旅游总收入", "亿元", "300", "340", "380")),
          (_ms("2023-06-30", "启动营口海滨旅游季", "2023-06-18"),), pace=0.78),
        T("推进节能降碳，促进发展方式绿色转型", "FGW", ("GXJ",),
          (_level("单位地区生产总值能耗", "吨标准煤/万元", "1.52", "1.48", "1.44", "1.40",
                  lower=True),),
          (_ms("2023-04-30", "分解下达年度能耗强度降低目标", "2023-04-26"),), pace=0.95),
    ]),
    ("在建设港口强市、发展海洋经济上实现新突破", "推进港产城融合，做强港口经济和临港产业。", [
        T("推进港产城深度融合发展", "210804-GOV", ("FGW", "SWJ"),
          (_cum("港产城融合重点项目开工", "个", "12", "15", "18"),),
          (_ms("2023-06-30", "编制港产城融合发展规划", "2023-06-21"),)),
        T("提升营口港综合枢纽功能", "FGW", ("210804-GOV",),
          (_cum("港口货物吞吐量", "万吨", "21000", "22000", "23000"),),
          (_ms("2023-09-30", "新开通2条内贸集装箱航线"),), pace=0.97),
        T("发展海铁联运和集装箱运输", "SWJ", ("FGW",),
          (_cum("集装箱吞吐量", "万标箱", "520", "550", "580"),
           _cum("海铁联运量", "万标箱", "100", "110", "120")),
          (_ms("2023-04-30", "新开通海铁联运班列线路", "2023-05-12"),), pace=0.8),
        T("建设仙人岛能源化工区，壮大临港石化产业", "210804-GOV", ("GXJ",),
          (_cum("完成产业投资", "亿元", "80", "100", "120"),),
          (_ms("2023-03-31", "完成区域规划环评审查", "2023-03-24"),
           _ms("2023-05-31", "重点炼化一体化配套项目开工")), pace=0.55),
        T("发展海洋渔业，建设现代海洋牧场", "210881-GOV", ("KJJ",),
          (_cum("水产品产量", "万吨", "25", "26", "27"),),
          (_ms("2023-06-30", "完成国家级海洋牧场示范区申报", "2023-06-26"),), pace=1.02),
        T("发展跨境电商，提升自贸试验区营口片区能级", "SWJ", ("YSJ",),
          (_cum("跨境电商交易额", "亿元", "60", "75", "90"),),
          (_ms("2023-03-31", "出台跨境电商发展扶持政策", "2023-03-30"),), pace=1.15),
    ]),
    ("在科技创新上实现新突破", "强化企业创新主体地位，建设创新平台，集聚创新人才。", [
        T("实施科技型企业梯度培育工程", "KJJ", ("YKGX",),
          (_cum("新增高新技术企业", "家", "80", "90", "100"),
           _cum("新增科技型中小企业", "家", "300", "330", "360")),
          (_ms("2023-05-31", "建立高新技术企业后备库", "2023-05-10"),), pace=0.85),
        T("建设高能级创新平台", "KJJ", ("YKGX",),
          (_cum("新建省级以上研发平台", "个", "16", "18", "20"),),
          (_ms("2023-06-30", "组织申报省级重点实验室和技术创新中心", "2023-06-15"),), pace=0.62),
        T("促进科技成果转移转化", "KJJ", (),
          (_cum("技术合同成交额", "亿元", "30", "35", "40"),),
          (_ms("2023-06-30", "举办科技成果转化对接会", "2023-06-09"),), pace=1.08, late=(5, 6)),
        T("推动营口高新区提质升级", "YKGX", ("KJJ",),
          (_cum("高新区规模以上工业总产值", "亿元", "150", "175", "200"),),
          (_ms("2023-06-30", "制定高新区管理体制改革方案", "2023-06-29"),), pace=0.94),
        T("实施“兴营英才”计划，集聚各类人才", "ZZB", ("KJJ",),
          (_cum("引进高校毕业生", "人", "10000", "11000", "12000"),),
          (_ms("2023-04-30", "发布年度引才需求目录", "2023-04-18"),), pace=0.96, missing=True),
        T("推进企业数字化转型和智能制造", "GXJ", ("KJJ",),
          (_cum("新建智能工厂和数字化车间", "个", "20", "25", "30"),),
          (_ms("2023-09-30", "认定一批市级智能工厂和数字化车间"),)),
    ]),
    ("在打造一流营商环境上实现新突破", "深化“放管服”改革，构建亲清政商关系，激发市场主体活力。", [
        T("深化“一网通办”，提升政务服务效能", "YSJ", (),
          (_level("政务服务事项全程网办率", "%", "85.0", "92.0", "95.0", "98.0"),),
          (_ms("2023-06-30", "政务服务移动端2.0版上线运行", "2023-06-20"),), pace=1.1),
        T("深化工程建设项目审批制度改革", "YSJ", ("ZJJ",),
          (_level("工程建设项目全流程审批时限", "工作日", "60", "45", "40", "35", lower=True),),
          (_ms("2023-05-31", "印发工程建设项目审批流程优化方案", "2023-05-30"),), pace=1.07),
        T("实施“千名干部进千企”，及时解决企业诉求", "YSJ", ("ZZB",),
          (_cum("走访服务企业", "家次", "2000", "2000", "2000"),
           _level("企业诉求办结率", "%", "85.0", "95.0", "96.0", "97.0")),
          (_ms("2023-03-31", "完成包保干部与企业结对", "2023-03-10"),), pace=0.95, late=(6,)),
        T("加强社会信用体系建设", "FGW", (), (),
          (_ms("2023-03-31", "部署年度信用修复专项行动", "2023-03-20"),
           _ms("2023-06-30", "建成市公共信用信息平台二期", "2023-06-28"))),
        T("清理拖欠民营企业中小企业账款", "CZJ", ("GXJ",),
          (_cum("清偿拖欠企业账款", "亿元", "5", "3", "2"),),
          (_ms("2023-04-30", "建立拖欠账款台账并实行销号管理", "2023-04-14"),), pace=1.2),
        T("发展壮大民营经济，培育壮大市场主体", "GXJ", ("YSJ",),
          (_cum("新增市场主体", "户", "30000", "32000", "34000"),),
          (_ms("2023-05-31", "出台促进民营经济发展若干措施", "2023-05-25"),), pace=0.94,
          returned=True),
        T("强化统计监督，确保经济数据真实准确", "TJJ", (),
          (_cum("开展统计执法检查", "家", "100", "120", "120"),),
          (_ms("2023-04-30", "制定防范和惩治统计造假专项治理方案", "2023-04-20"),)),
    ]),
    ("在深化改革扩大开放上实现新突破", "坚持“项目为王”，大抓招商引资，以高水平开放促进深层次改革。", [
        T("深化国资国企改革", "CZJ", (),
          (_cum("完成混合所有制改革企业", "户", "3", "3", "2"),),
          (_ms("2023-06-30", "完成国企改革三年行动收尾评估", "2023-06-12"),)),
        T("坚持“项目为王”，扩大有效投资", "FGW", ("HZB", "ZJJ"),
          (_cum("完成固定资产投资", "亿元", "460", "520", "580"),
           _cum("新开工亿元以上项目", "个", "150", "160", "170")),
          (_ms("2023-03-31", "组织一季度重大项目集中开工", "2023-03-28"),
           _ms("2023-06-30", "组织二季度重大项目集中开工", "2023-06-27")), pace=1.05,
          leader="mayor"),
        T("大抓招商引资，提高域外资金到位额", "HZB", ("SWJ",),
          (_cum("域外引资到位额", "亿元", "500", "550", "600"),
           _cum("新签约亿元以上项目", "个", "120", "130", "140")),
          (_ms("2023-05-31", "举办重点产业招商推介会", "2023-05-18"),), pace=1.12, leader="mayor"),
        T("稳外贸稳外资", "SWJ", (),
          (_cum("进出口总额", "亿元", "700", "740", "780"),
           _cum("实际使用外资", "亿美元", "2.0", "2.3", "2.6")),
          (_ms("2023-06-30", "组织企业参加广交会等重点展会", "2023-05-05"),), pace=0.76),
        T("深化对口合作和区域交流合作", "HZB", (),
          (_cum("对口合作落地项目", "个", "20", "25", "30"),),
          (_ms("2023-04-30", "制定年度对口合作工作要点", "2023-04-21"),), pace=0.92, missing=True),
        T("深化开发区体制机制改革", "YKGX", ("210804-GOV",),
          (_level("开发区亩均税收", "万元/亩", "18", "20", "22", "25"),),
          (_ms("2023-09-30", "完成开发区“管委会+公司”改革"),), pace=0.6),
    ]),
    ("在推进城乡区域协调发展上实现新突破", "壮大县域经济，实施城市更新，推进乡村振兴和区域协同。", [
        T("壮大县域经济，增强县域发展活力", "FGW", ("210881-GOV", "210882-GOV"),
          (_cum("县域重点项目开复工", "个", "100", "110", "120"),),
          (_ms("2023-06-30", "出台支持县域经济高质量发展政策措施", "2023-06-19"),), pace=0.92),
        T("实施城市更新行动，推进老旧小区改造", "ZJJ", (),
          (_cum("改造老旧小区", "个", "120", "100", "80"),),
          (_ms("2023-04-15", "年度改造项目全面开工", "2023-04-20"),), pace=0.97, returned=True),
        T("完善城市基础设施，改造老旧燃气供热管网", "ZJJ", ("CZJ",),
          (_cum("改造老旧管网", "公里", "150", "150", "150"),),
          (_ms("2023-05-31", "年度管网改造项目全面开工", "2023-06-10"),), pace=0.5),
        T("发展特色现代农业，擦亮盖州苹果等农产品品牌", "210881-GOV", ("210882-GOV",),
          (_cum("新建设施农业", "亩", "3000", "3000", "3000"),),
          (_ms("2023-04-30", "完成设施农业项目选址", "2023-04-12"),)),
        T("推进营口、盘锦协同发展", "FGW", ("HZB",),
          (_cum("协同推进重点项目", "个", "10", "12", "15"),),
          (_ms("2023-06-30", "召开营盘协同发展联席会议", "2023-06-14"),)),
    ]),
    ("在增进民生福祉、建设美丽营口上实现新突破", "办好民生实事，打好污染防治攻坚战，让群众有更多获得感。", [
        T("办好民生实事，加大民生投入", "CZJ", ("FGW",),
          (_level("民生支出占一般公共预算支出比重", "%", "74.0", "75.0", "76.0", "77.0"),),
          (_ms("2023-03-31", "确定年度重点民生实事项目", "2023-02-24"),), pace=1.2),
        T("加强保障性住房建设", "ZJJ", (),
          (_cum("筹集保障性租赁住房", "套", "1500", "1500", "1500"),),
          (_ms("2023-04-30", "下达年度保障性租赁住房筹集计划", "2023-04-11"),), pace=0.95,
          missing=True),
        T("繁荣公共文化事业", "WLJ", (),
          (_cum("开展文化惠民演出", "场次", "500", "550", "600"),),
          (_ms("2023-06-30", "启动“文化惠民进基层”系列活动", "2023-05-16"),), pace=1.1),
        T("深入打好污染防治攻坚战，提升城市污水处理水平", "ZJJ", (),
          (_level("城市生活污水集中处理率", "%", "96.5", "97.5", "98.0", "98.5"),),
          (_ms("2023-06-30", "完成污水处理厂提标改造工程主体施工", "2023-06-29"),), pace=0.8),
        T("建设全域旅游示范区，做强鲅鱼圈滨海旅游", "210804-GOV", ("WLJ",),
          (_cum("接待游客", "万人次", "1200", "1350", "1500"),),
          (_ms("2023-06-30", "启动鲅鱼圈海滨旅游季", "2023-06-17"),), pace=0.72),
        T("推进海岸线整治修复和河湖生态治理", "210881-GOV", ("ZJJ",),
          (_cum("整治修复岸线", "公里", "5", "6", "6"),),
          (_ms("2023-05-31", "完成大清河入海口综合整治实施方案"),), pace=0.9),
    ]),
]

SAFEGUARDS = [
    T("加强组织领导", "FGW", (), (),
      (_ms("2023-03-31", "建立三年行动任务清单和责任清单", "2023-03-30"),), leader="secretary"),
    T("强化要素保障", "CZJ", ("FGW",),
      (_cum("争取中央预算内投资和专项债券资金", "亿元", "80", "85", "90"),),
      (_ms("2023-04-30", "建立重大项目要素保障清单", "2023-04-24"),), pace=1.05),
    T("建强干部队伍", "ZZB", (),
      (_cum("选派干部到项目和企业一线", "人", "300", "300", "300"),),
      (_ms("2023-03-31", "完成首批干部选派", "2023-03-22"),)),
    T("严格督查考核", "DCS", ("ZZB",),
      (_cum("开展专项督查", "次", "24", "24", "24"),),
      (_ms("2023-06-30", "开展上半年三年行动专项督查", "2023-06-25"),), late=(3,)),
    T("锤炼过硬作风", "JW", (),
      (_cum("开展作风建设专项监督检查", "次", "40", "40", "40"),),
      (_ms("2023-04-30", "部署作风建设专项整治", "2023-04-07"),), pace=1.1),
]

# Login names of the units that lead something (yk_<key>_tianbao, yk_<key>_lingdao).
LOGIN_KEYS = {"YKGX": "gxq", "210804-GOV": "byq", "210881-GOV": "gz", "210882-GOV": "dsq"}


def _code(unit: str) -> str:
    return unit if "-" in unit else f"{REGION}-{unit}"


def _login_key(unit_code: str) -> str:
    suffix = unit_code.removeprefix(f"{REGION}-")
    return LOGIN_KEYS.get(suffix, suffix.lower())


def _all_tasks() -> list[DemoTask]:
    return [task for _, _, tasks in AREAS for task in tasks] + SAFEGUARDS


def lead_unit_codes() -> list[str]:
    return list(dict.fromkeys(_code(task.lead) for task in _all_tasks()))


# --- users --------------------------------------------------------------------------------


@dataclass
class Actors:
    hq: User
    reporters: dict[str, User]  # unit code → reporter
    leaders: dict[str, User]  # unit code → unit leader


def _display(unit: Unit) -> str:
    short = unit.short_name or unit.name
    if short.startswith("市"):
        return f"营口{short}"
    return short if short.startswith("营口") or unit.kind == UnitKind.COUNTY_GOV else f"营口市{short}"


def _leader_name(unit: Unit, head: Official | None) -> str:
    post = head.post if head else "负责人"
    name = _display(unit)
    return (name.removesuffix(unit.short_name) if post.startswith(unit.short_name) else name) + post


def _ensure_user(username: str, full_name: str, role: str, unit: Unit,
                 official: Official | None = None) -> User:
    """A demo account, created the way demo/orgs.py creates its logins."""
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    user = accounts.create_user(actor=SYSTEM, password=PASSWORD, data=accounts.UserData(
        username=username, full_name=full_name, unit_id=unit.pk,
        official_id=official.pk if official else None))
    accounts.set_user_roles(actor=SYSTEM, user=user, role_ids=[Role.objects.get(code=role).pk])
    # Demo accounts skip the first-login password change so the known password works.
    User.objects.filter(pk=user.pk).update(must_change_password=False)
    return User.objects.get(pk=user.pk)


def ensure_yingkou_users() -> Actors:
    """HQ's ``yk_hq``, and a reporter and a leader for every unit that leads a task: the
    workflow needs the leader's approval before HQ can accept, so each lead unit has one."""
    units = {u.code: u for u in Unit.objects.filter(code__in=[*lead_unit_codes(), f"{REGION}-ZHB"])}
    heads = _heads(units.values())
    hq = _ensure_user("yk_hq", "营口指挥部工作人员", "hq_staff", units[f"{REGION}-ZHB"])
    reporters, leaders = {}, {}
    for code in lead_unit_codes():
        unit, key, head = units[code], _login_key(code), heads.get(code)
        reporters[code] = _ensure_user(f"yk_{key}_tianbao", f"{_display(unit)}填报员", "reporter", unit)
        leaders[code] = _ensure_user(f"yk_{key}_lingdao", _leader_name(unit, head), "unit_leader",
                                     unit, head)
    return Actors(hq, reporters, leaders)


def _heads(units) -> dict[str, Official]:
    heads: dict[str, Official] = {}
    for official in Official.objects.filter(unit__in=list(units)).select_related("unit").order_by(
            "unit_id", "sort_order", "id"):
        heads.setdefault(official.unit.code, official)
    return heads


# --- the plan tree ---------------------------------------------------------------------------


def _target_data(t: DemoTarget) -> plans.TargetData:
    return plans.TargetData(
        metric=t.metric, unit=t.unit,
        years={YEAR + i: Decimal(v) for i, v in enumerate(t.years)},
        baseline=Decimal(t.baseline) if t.baseline is not None else None,
        direction=Direction.LOWER if t.lower else Direction.HIGHER,
        accumulation=Accumulation.LEVEL if t.level or t.lower else Accumulation.CUMULATIVE)


def _lead_official(task: DemoTask, leading_group: dict[str, Official], heads: dict[str, Official]):
    official = leading_group[task.leader] if task.leader else heads.get(_code(task.lead))
    return official.pk if official else None


def _create_plan(hq: User) -> tuple[Plan, list[tuple[PlanNode, DemoTask]]]:
    """The plan and its tree; returns the reported nodes with what they were made from."""
    plan = plans.create_plan(actor=hq, data=plans.PlanData(
        title=PLAN_TITLE, short_title="营口三年行动方案", region_code=REGION,
        start_date=dt.date(2023, 1, 1), end_date=dt.date(2025, 12, 31),
        issuing_body="中共营口市委 营口市人民政府", document_number="营委发〔2023〕3号",
        issued_on=dt.date(2023, 3, 24)))

    def node(parent, kind, title, text="", number="", task: DemoTask | None = None):
        data = plans.NodeData(kind=kind, title=title, text=text, number=number)
        if task is not None:
            data.lead_unit_code = _code(task.lead)
            data.co_unit_codes = [_code(c) for c in task.co]
            data.lead_official_id = _lead_official(task, leading_group, heads)
        created = plans.create_node(actor=hq, plan=plan, parent=parent, data=data)
        targets = task.targets if task else ()
        if targets:
            plans.set_targets(actor=hq, node=created, targets=[_target_data(t) for t in targets])
        if task is not None and task.milestones:
            plans.set_milestones(actor=hq, node=created, milestones=[
                plans.MilestoneData(due_on=dt.date.fromisoformat(m.due), description=m.text)
                for m in task.milestones])
        return created

    units = Unit.objects.filter(code__in=lead_unit_codes())
    heads = _heads(units)
    leading_group = {
        "secretary": Official.objects.get(unit__code=f"{REGION}-LDXZ", post__startswith="市委书记"),
        "mayor": Official.objects.get(unit__code=f"{REGION}-LDXZ", post__startswith="市长"),
    }
    reported: list[tuple[PlanNode, DemoTask]] = []
    node(None, NodeKind.SECTION, "指导思想", GUIDING_IDEA)
    section = node(None, NodeKind.SECTION, "基本原则")
    for title, text in PRINCIPLES:
        node(section, NodeKind.PRINCIPLE, title, text)
    section = node(None, NodeKind.SECTION, "整体目标")
    for title, text, targets in GOALS:
        goal = node(section, NodeKind.GOAL, title, text)
        if targets:
            plans.set_targets(actor=hq, node=goal, targets=[_target_data(t) for t in targets])
    section = node(None, NodeKind.SECTION, "重点任务",
                   "明确经济社会发展8个方面新突破、50项具体任务，实行项目化、清单化、工程化推进。")
    number = 0
    for title, text, tasks in AREAS:
        area = node(section, NodeKind.AREA, title, text)
        for task in tasks:
            number += 1
            reported.append((node(area, NodeKind.TASK, task.title, number=f"{number}.", task=task), task))
    section = node(None, NodeKind.SECTION, "保障措施")
    for task in SAFEGUARDS:
        reported.append((node(section, NodeKind.SAFEGUARD, task.title, task=task), task))
    return plan, reported


# --- monthly figures and texts ----------------------------------------------------------------

_WHOLE_UNITS = {"个", "家", "户", "人", "套", "场次", "次", "家次", "工作日"}
_PLACES = {"%": "0.1", "亿元": "0.01", "亿美元": "0.01", "吨标准煤/万元": "0.001", "万元/亩": "0.01"}


def _quantum(unit: str) -> Decimal:
    return Decimal("1") if unit in _WHOLE_UNITS else Decimal(_PLACES.get(unit, "0.1"))


def _pace(task: DemoTask, month: int) -> Decimal:
    """Completion ÷ time share in ``month``: lagging tasks start nearer plan and slip."""
    final = Decimal(str(task.pace))
    start = final if final >= Decimal("0.9") else min(Decimal("1.0"), final + Decimal("0.25"))
    return start + (final - start) * (month - 1) / 5


def _value(target: DemoTarget, task: DemoTask, month: int, previous: Decimal | None) -> Decimal:
    """The cumulative (or level) value reached by the end of ``month``, never going back."""
    annual = Decimal(target.years[0])
    base = Decimal(target.baseline) if (target.level or target.lower) and target.baseline else Decimal(0)
    value = base + (annual - base) * Decimal(month) / 12 * _pace(task, month)
    # Whole counts round up, so a task with a handful of items to deliver shows its first one
    # rather than 0 in the early months.
    whole = target.unit in _WHOLE_UNITS and not target.lower
    value = value.quantize(_quantum(target.unit), rounding=ROUND_UP if whole else ROUND_HALF_UP)
    if previous is not None:
        value = min(value, previous) if target.lower else max(value, previous)
    return value


def _num(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def _span(month: int) -> str:
    return f"{YEAR}年1月" if month == 1 else f"{YEAR}年1—{month}月"


ACTIONS = [
    "召开专题调度会议，逐项明确责任人和完成时限",
    "建立周调度、月通报工作机制，对照年度目标倒排工期、挂图作战",
    "深入企业和项目现场开展服务，协调解决用地、资金等具体问题",
    "会同配合单位细化任务清单，层层压实工作责任",
    "积极对接省直部门，争取政策和资金支持",
    "组织开展专项督导，推动各项工作按序时推进",
]
MILD_PROBLEMS = [
    "部分项目用地、资金等要素保障仍需加强。",
    "个别配合单位信息共享还不够及时，工作合力有待进一步增强。",
    "工作推进总体顺利，但部分项目前期手续办理周期较长。",
]
LAG_CAUSES = [
    "部分项目前期手续办理周期较长、开工时间推迟",
    "春季施工期较晚，项目集中开工时间后移",
    "市场需求偏弱，部分企业订单不足",
    "建设资金到位滞后",
    "部分重点项目招商落地进度不及预期",
]
NEXT_ON_TRACK = [
    "下步，将继续加强调度，巩固向好态势，确保完成全年目标任务。",
    "下步，将紧盯年度目标，实行周调度、月通报，确保“时间过半、任务过半”。",
    "下步，将持续跟踪服务重点项目和企业，及时协调解决问题，推动工作提质增效。",
]
NEXT_LAGGING = [
    "下步，将实行清单化管理，逐项明确时间节点，加大督促推进力度，力争尽快赶上序时进度。",
    "下步，将提请分管市领导专题调度，集中解决制约瓶颈，全力追赶进度。",
]
RETURN_REASONS = [
    "累计完成值与统计部门数据口径不一致，请核实后重新报送。",
    "进展情况表述笼统，缺少具体项目和数据支撑，请补充佐证材料后重新报送。",
    "存在问题和下步计划针对性不强，请细化措施和时间节点后重新报送。",
]


def _target_sentence(target: DemoTarget, value: Decimal) -> str:
    annual = Decimal(target.years[0])
    if target.lower:
        return f"{target.metric}降至{_num(value)}{target.unit}（年度目标{_num(annual)}{target.unit}以内）"
    if target.level:
        return f"{target.metric}达到{_num(value)}{target.unit}（年度目标{_num(annual)}{target.unit}）"
    share = (value / annual * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{target.metric}累计{_num(value)}{target.unit}，完成年度目标的{_num(share)}%"


def _report_data(task: DemoTask, index: int, month: int, values: dict[DemoTarget, Decimal],
                 rng: random.Random) -> tuple[str, str, str]:
    """进展情况 / 存在问题 / 下步计划 for one month, in the style of a unit's monthly report."""
    actions = "；".join(rng.sample(ACTIONS, 2))
    progress = [f"{_span(month)}，{actions}。"]
    figures = [_target_sentence(t, v) for t, v in values.items()]
    if figures:
        progress.append("；".join(figures) + "。")
    end = dt.date(YEAR, month + 1, 1) - dt.timedelta(days=1)
    overdue = []
    for m in task.milestones:
        due, done = dt.date.fromisoformat(m.due), m.done and dt.date.fromisoformat(m.done)
        if done and done.year == YEAR and done.month == month:
            progress.append(f"“{m.text}”已于{done.month}月{done.day}日完成。")
        elif due <= end and (done is None or done > end):
            overdue.append(m.text)
    lagging = task.pace < 0.9 and bool(values)
    cause = LAG_CAUSES[index % len(LAG_CAUSES)]
    problems = []
    if lagging and month >= 3:
        degree = "明显滞后于" if task.pace < 0.7 else "略慢于"
        problems.append(f"受{cause}影响，完成进度{degree}序时进度。")
    if overdue:
        problems.append(f"“{'”“'.join(overdue)}”未能按期完成。")
    if not problems:
        problems.append(rng.choice(MILD_PROBLEMS))
    next_steps = rng.choice(NEXT_LAGGING if lagging or overdue else NEXT_ON_TRACK)
    return "".join(progress), "".join(problems), next_steps


# --- reports through the workflow ---------------------------------------------------------


def _at(day: dt.date, minutes: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)) + dt.timedelta(minutes=minutes))


def _schedule(deadline: dt.date, month: int, late: bool, rng: random.Random,
              ) -> tuple[dt.datetime, dt.datetime, dt.datetime]:
    """When a report was submitted, approved and accepted (or returned), in the following
    month: on time within the first working days, or a few days after the deadline but
    before the 10th, when lights are judged."""
    following = dt.date(YEAR, month + 1, 1)
    if late:
        submit_day = min(deadline + dt.timedelta(days=rng.randint(1, 3)), following.replace(day=9))
    else:
        submit_day = min(add_workdays(following - dt.timedelta(days=1), rng.randint(1, 3)), deadline)
    submitted = _at(submit_day, rng.randint(0, 420))
    approved = submitted + dt.timedelta(minutes=rng.randint(60, 240))
    reviewed = _at(add_workdays(submit_day, 1), rng.randint(0, 480))
    return submitted, approved, reviewed


def _file_reports(plan: Plan, reported: list[tuple[PlanNode, DemoTask]], actors: Actors) -> None:
    rng = random.Random(SEED)
    previous: dict[tuple[int, DemoTarget], Decimal] = {}
    targets = {node.pk: {t.metric: t for t in node.targets.all()} for node, _ in reported}
    backdated: dict[int, list[dt.datetime]] = {}
    late_reports: set[int] = set()
    returned = 0
    for month in MONTHS:
        period = f"{YEAR}-{month:02d}"
        for index, (node, task) in enumerate(reported):
            if task.missing and month >= 5:
                continue
            code = _code(task.lead)
            reporter, leader = actors.reporters[code], actors.leaders[code]
            _mark_milestones(node, task, month, reporter)
            values = {t: _value(t, task, month, previous.get((node.pk, t))) for t in task.targets}
            previous.update({(node.pk, t): v for t, v in values.items()})
            text, problems, next_steps = _report_data(task, index, month, values, rng)
            report = progress.open_report(actor=reporter, node=node, period=period)
            progress.save_report(actor=reporter, report=report, data=progress.ReportData(
                progress=text, problems=problems, next_steps=next_steps,
                values={targets[node.pk][t.metric].pk: v for t, v in values.items()}))
            progress.submit_report(actor=reporter, report=report)
            progress.approve_report(actor=leader, report=report)
            if task.returned and month == MONTHS[-1]:
                reason = RETURN_REASONS[returned % len(RETURN_REASONS)]
                progress.return_report(actor=actors.hq, report=report, reason=reason)
                returned += 1
            else:
                progress.accept_report(actor=actors.hq, report=report)
            late = month in task.late
            backdated[report.pk] = list(_schedule(report.deadline, month, late, rng))
            if late:
                late_reports.add(report.pk)
    _backdate(backdated, late_reports)


def _mark_milestones(node: PlanNode, task: DemoTask, month: int, reporter: User) -> None:
    """The lead unit's reporter records milestones done in ``month`` (as it reports on it)."""
    done = {m.text: dt.date.fromisoformat(m.done) for m in task.milestones
            if m.done and dt.date.fromisoformat(m.done).month == month}
    for milestone in node.milestones.filter(description__in=list(done)):
        plans.mark_milestone_done(actor=reporter, milestone=milestone, done_on=done[milestone.description])


def _backdate(times: dict[int, list[dt.datetime]], late_reports: set[int]) -> None:
    """Demo back-dating. The services stamp submissions and workflow events with
    ``timezone.now()`` (today, years after 2023), so every report would look submitted today
    and late. Put each report's submission time, lateness and events on the dates of the
    month after its period, as if filed then. Direct updates: this rewrites history on
    purpose, which only a demo loader may do."""
    reports = list(ProgressReport.objects.filter(pk__in=times))
    for report in reports:
        report.submitted_at = times[report.pk][0]
        report.is_late = report.pk in late_reports
    ProgressReport.objects.bulk_update(reports, ["submitted_at", "is_late"], batch_size=500)
    events = list(ReportEvent.objects.filter(report_id__in=times).order_by("report_id", "id"))
    seen: dict[int, int] = {}
    for event in events:
        index = seen.get(event.report_id, 0)
        event.at = times[event.report_id][index]
        seen[event.report_id] = index + 1
    ReportEvent.objects.bulk_update(events, ["at"], batch_size=500)


# --- entry point ------------------------------------------------------------------------------


def recompute_lights(plan: Plan) -> None:
    """The lights of 2023-01 … 2023-06 as judged on the 10th of the following month, when
    HQ reviews the month: by then missing reports count and overdue milestones show."""
    for month in MONTHS:
        recompute_period(f"{YEAR}-{month:02d}", plans=[plan], as_of=dt.date(YEAR, month + 1, 10))


def load_demo_plans() -> Plan:
    """Yingkou's plan, its users and half a year of reports. Does nothing when the plan is
    already there, so the demo can be loaded again with the same result."""
    plan = Plan.objects.filter(title=PLAN_TITLE, region_id=REGION).first()
    if plan is not None:
        return plan
    actors = ensure_yingkou_users()
    plan, reported = _create_plan(actors.hq)
    _file_reports(plan, reported, actors)
    recompute_lights(plan)
    return plan
