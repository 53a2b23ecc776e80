import datetime as dt

import pytest

from luoshi.progress.status import recompute_plan
from luoshi.supervision.evaluation import run_warnings

PERIOD = "2023-10"
AS_OF = dt.date(2023, 11, 10)


@pytest.fixture
def supervisor(make_user):
    """The Fushun supervision office's staff (region scope), sitting in HQ."""
    return make_user("duchashi", "supervision", "hq")


@pytest.fixture
def lagging_plan(plan_tree):
    """By 2023-10, judged on 2023-11-10: the task's milestone (due 2023-09-30) is overdue and
    neither task has reported for September or October, so both are red."""
    recompute_plan(plan_tree["plan"], PERIOD, as_of=AS_OF)
    return plan_tree


@pytest.fixture
def warnings_raised(lagging_plan):
    run_warnings(PERIOD, as_of=AS_OF)
    return lagging_plan


@pytest.fixture
def order_data(org):
    from luoshi.supervision.services import OrderData

    def make(unit_key="fgw", **changes):
        values = {"title": "关于扩大有效投资进度滞后的督办", "content": "固定资产投资进度滞后，请加快推进。",
                  "requirements": "请报送办理结果和佐证材料", "unit_id": org[unit_key].pk,
                  "deadline": dt.date(2023, 11, 30)}
        return OrderData(**{**values, **changes})
    return make


@pytest.fixture
def issued_order(supervisor, order_data):
    from luoshi.supervision.services import create_order

    return create_order(actor=supervisor, data=order_data(), issued_on=dt.date(2023, 11, 13))

