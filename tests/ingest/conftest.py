"""Fixtures of the ingest tests: Fushun's indicators and seed 002 kept as a text."""

from pathlib import Path

import pytest

from luoshi.core.permissions import SYSTEM
from luoshi.indicators import services as indicator_services

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
SEED_002 = DATA / "seed002.txt"  # a copy of /work/shared/seeds/002_e1e42cd41ac710dc.txt


def seed_002_text() -> str:
    return SEED_002.read_text(encoding="utf-8")


@pytest.fixture
def fushun_indicators(reference_data):
    def make(code, name, unit, kind="flow"):
        return indicator_services.save_indicator(actor=SYSTEM, code=code, name=name, unit=unit,
                                                 kind=kind)

    return {
        "fai": make("FAI", "固定资产投资", "万元"),
        "tourism": make("TOUR", "旅游总收入", "亿元"),
        "inflow": make("INFLOW", "域外引资到位额", "亿元"),
        "projects": make("PROJ", "省重大工程项目数", "个", "stock"),
    }


@pytest.fixture
def seed_source(hq_user):
    from luoshi.ingest import services

    return services.create_source(actor=hq_user, text=seed_002_text(), file_name="002.txt")
