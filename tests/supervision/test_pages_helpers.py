from luoshi.core.permissions import SYSTEM
from luoshi.plans import services as plan_services


def more_tasks(plan_tree, n):
    """``n`` more tasks led by 市发改委, each with a milestone already overdue."""
    import datetime as dt

    start = plan_tree["plan"].nodes.count()
    for i in range(start, start + n):
        node = plan_services.create_node(actor=SYSTEM, plan=plan_tree["plan"], parent=plan_tree["area"],
                                         data=plan_services.NodeData(kind="task", title=f"任务{i}",
                                                                     lead_unit_code="FS-FGW"))
        plan_services.set_milestones(actor=SYSTEM, node=node, milestones=[plan_services.MilestoneData(
            due_on=dt.date(2023, 8, 31), description=f"节点{i}")])
