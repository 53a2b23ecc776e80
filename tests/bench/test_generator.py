"""The province-scale generator at a small scale: counts, tree paths, accounts, clearing."""

import pytest
from django.db.models import Count

from luoshi.bench.orgs import PASSWORD, clear_bench_orgs, generate_orgs
from luoshi.core.models import AuditEntry
from luoshi.orgs.models import Official, Unit, UnitKind, User

pytestmark = pytest.mark.django_db

UNITS, USERS = 300, 600


def bench_units():
    return Unit.objects.filter(code__startswith="B-")


def bench_users():
    return User.objects.filter(username__startswith="bench_")


def test_it_generates_exactly_the_numbers_asked_for():
    counts = generate_orgs(units=UNITS, users=USERS, seed=7)
    assert (counts.units, counts.users, counts.officials) == (UNITS, USERS, 450)
    assert bench_units().count() == UNITS
    assert bench_users().count() == USERS
    assert Official.objects.filter(unit__code__startswith="B-").count() == 450
    assert User.roles.through.objects.filter(user__username__startswith="bench_").count() == USERS


def test_each_city_has_its_leading_group_hq_and_supervision_and_each_county_a_government():
    generate_orgs(units=UNITS, users=USERS)
    kinds = dict(bench_units().values_list("kind").annotate(n=Count("id")))
    assert kinds[UnitKind.LEADING_GROUP] == kinds[UnitKind.HQ] == kinds[UnitKind.SUPERVISION] == 14
    assert kinds[UnitKind.COUNTY_GOV] == 100
    assert bench_units().filter(name__contains="发展和改革").exists()


def test_every_path_follows_the_parent_chain():
    generate_orgs(units=UNITS, users=USERS)
    units = {u.pk: u for u in bench_units()}
    for unit in units.values():
        chain, node = [], unit
        while node is not None:
            chain.insert(0, node.pk)
            node = units.get(node.parent_id) if node.parent_id else None
        assert unit.path == "/" + "".join(f"{pk}/" for pk in chain)
        assert unit.depth == len(chain) - 1 <= 4
        if unit.parent_id:
            assert unit.region_id.startswith(units[unit.parent_id].region_id[:4])
    assert max(u.depth for u in units.values()) == 4


def test_every_user_has_a_unit_and_a_role_and_signs_in_with_the_bench_password():
    generate_orgs(units=UNITS, users=USERS)
    users = bench_users().annotate(n_roles=Count("roles"))
    assert not users.filter(unit=None).exists()
    assert not users.filter(n_roles=0).exists()
    roles = dict(bench_users().values_list("roles__code").annotate(n=Count("id")))
    assert roles["hq_staff"] == 14 and roles["city_leader"] == 28
    assert roles["reporter"] > roles["unit_leader"] > 0
    assert User.objects.get(username="bench_210100_hq").check_password(PASSWORD)


def test_codes_are_unique_and_recognisable():
    generate_orgs(units=UNITS, users=USERS)
    codes = list(bench_units().values_list("code", flat=True))
    assert all(code[:2] == "B-" and code[2:8].isdigit() and code[8] == "-" for code in codes)


def test_generating_twice_gives_the_same_organisation():
    first = generate_orgs(units=UNITS, users=USERS, seed=3)
    names = sorted(bench_units().values_list("code", "name", "depth"))
    second = generate_orgs(units=UNITS, users=USERS, seed=3)
    assert first == second
    assert bench_units().count() == UNITS and bench_users().count() == USERS
    assert sorted(bench_units().values_list("code", "name", "depth")) == names


def test_clear_removes_it_all_and_leaves_other_data_alone(org, hq_user):
    generate_orgs(units=UNITS, users=USERS)
    deleted = clear_bench_orgs()
    assert deleted == {"units": UNITS, "officials": 450, "users": USERS}
    assert not bench_units().exists() and not bench_users().exists()
    assert not Official.objects.filter(unit__code__startswith="B-").exists()
    assert not User.roles.through.objects.filter(user__username__startswith="bench_").exists()
    assert Unit.objects.filter(pk=org["fgw"].pk).exists() and User.objects.filter(pk=hq_user.pk).exists()


def test_it_writes_no_audit_entries():
    before = AuditEntry.objects.count()
    generate_orgs(units=UNITS, users=USERS)
    clear_bench_orgs()
    assert AuditEntry.objects.count() == before


def test_too_small_an_organisation_is_refused():
    with pytest.raises(ValueError):
        generate_orgs(units=100, users=USERS)
