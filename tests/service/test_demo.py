"""The demo loader: 50 Fushun enterprises with valid codes, appeals in every state, the
enterprise login, and a second load that changes nothing."""

from django.db.models import Count

from luoshi.core.models import AuditEntry
from luoshi.core.uscc import is_valid_uscc
from luoshi.demo.orgs import load_demo_orgs
from luoshi.demo.service import ENTERPRISE_LOGIN, demo_enterprise_login, load_demo_service
from luoshi.service import statistics
from luoshi.service.models import Appeal, AppealStatus, Assignment, Enterprise, Visit


def test_demo_service(reference_data):
    load_demo_orgs()
    load_demo_service()
    enterprises = list(Enterprise.objects.all())
    assert len(enterprises) == 50 and all(is_valid_uscc(e.uscc) for e in enterprises)
    assert all(e.region_id.startswith("2104") for e in enterprises)
    statuses = dict(Appeal.objects.values_list("status").annotate(n=Count("id")))
    assert set(statuses) == set(AppealStatus.values)
    overdue = statistics.overdue_appeals().count()
    assert 0 < overdue < statuses["received"] + statuses["assigned"]  # some open ones are not overdue
    assert Appeal.objects.filter(satisfaction="unsatisfied").exists()
    assert Visit.objects.exists() and Appeal.objects.filter(raised_via="visit").exists()
    username, password, name = demo_enterprise_login()
    assert (username, password) == (ENTERPRISE_LOGIN, "Luoshi@2023") and name == Enterprise.objects.order_by("id").first().name
    counts = (Enterprise.objects.count(), Assignment.objects.count(), Appeal.objects.count(),
              AuditEntry.objects.count())
    load_demo_service()
    assert (Enterprise.objects.count(), Assignment.objects.count(), Appeal.objects.count(),
            AuditEntry.objects.count()) == counts
