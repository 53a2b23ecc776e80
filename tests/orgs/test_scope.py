"""Data scope: a reporter of unit A can neither see nor change unit B's items, through pages,
API and command line alike; HQ sees its region; administrators are kept apart."""

import pytest

from luoshi.core.errors import InvalidInput, NotFound, PermissionDenied
from luoshi.orgs import accounts, queries, services
from luoshi.orgs.models import Official, Role, UnitKind


def unit_data(unit, **changes):
    data = dict(code=unit.code, name=unit.name, kind=unit.kind, region_code=unit.region_id,
                parent_code=unit.parent.code if unit.parent else "")
    data.update(changes)
    return services.UnitData(**data)


def test_reporter_sees_only_its_own_unit(org, reporter):
    assert [u.code for u in queries.units_for_list(reporter)] == ["FS-FGW"]


def test_unit_leader_sees_its_unit_and_below(org, unit_leader, hq_user):
    services.create_unit(actor=hq_user, data=services.UnitData(
        "FS-FGW-1", "发改委下属中心", UnitKind.OTHER, "210400", parent_code="FS-FGW"))
    codes = {u.code for u in queries.units_for_list(unit_leader)}
    assert codes == {"FS-FGW", "FS-FGW-1"}


def test_hq_sees_its_whole_region_but_not_another_city(org, hq_user):
    codes = {u.code for u in queries.units_for_list(hq_user)}
    assert codes == {"FS-LDXZ", "FS-ZHB", "FS-FGW", "FS-GXJ", "FS-QY"}
    assert "YK-FGW" not in codes


def test_reporter_cannot_open_another_units_detail(org, reporter):
    with pytest.raises(NotFound):
        queries.access_unit(reporter, org["gxj"].pk)


def test_reporter_cannot_change_units(org, reporter):
    with pytest.raises(PermissionDenied):
        services.update_unit(actor=reporter, unit=org["fgw"], data=unit_data(org["fgw"], name="改名"))


def test_hq_cannot_change_a_unit_of_another_city(org, hq_user):
    with pytest.raises(PermissionDenied):
        services.update_unit(actor=hq_user, unit=org["yk_fgw"], data=unit_data(org["yk_fgw"], name="改名"))


def test_hq_cannot_move_a_unit_into_another_citys_region(org, hq_user):
    with pytest.raises(PermissionDenied):
        services.update_unit(actor=hq_user, unit=org["gxj"], data=unit_data(org["gxj"], region_code="210800"))


def test_officials_follow_the_unit_scope(org, reporter, hq_user):
    services.create_official(actor=hq_user, data=services.OfficialData("王建国", "主任", "FS-FGW"))
    services.create_official(actor=hq_user, data=services.OfficialData("李志强", "局长", "FS-GXJ"))
    assert [o.name for o in queries.officials_for_list(reporter)] == ["王建国"]
    other = Official.objects.get(name="李志强")
    with pytest.raises(NotFound):
        queries.access_official(reporter, other.pk)


def test_moving_a_unit_moves_its_subtree(org, hq_user):
    child = services.create_unit(actor=hq_user, data=services.UnitData(
        "FS-GXJ-1", "工信局下属中心", UnitKind.OTHER, "210400", parent_code="FS-GXJ"))
    services.update_unit(actor=hq_user, unit=org["gxj"], data=unit_data(org["gxj"], parent_code="FS-ZHB"))
    child.refresh_from_db()
    assert child.path == f"{org['root'].path}{org['hq'].pk}/{org['gxj'].pk}/{child.pk}/"
    assert child.depth == 3


def test_a_unit_cannot_become_its_own_descendant(org, hq_user):
    with pytest.raises(InvalidInput):
        services.update_unit(actor=hq_user, unit=org["root"], data=unit_data(org["root"], parent_code="FS-FGW"))


# --- 三员分立 ----------------------------------------------------------------------------

def test_system_admin_cannot_read_the_audit_log(sysadmin):
    from luoshi.core.permissions import access_for
    assert not access_for(sysadmin).has("audit.view")
    assert access_for(sysadmin).has("users.manage")


def test_audit_admin_reads_the_audit_log_and_nothing_else(auditadmin):
    from luoshi.core.permissions import access_for
    assert access_for(auditadmin).permissions == {"audit.view"}


def test_one_user_cannot_hold_two_admin_duties(secadmin, reporter):
    roles = [Role.objects.get(code="sysadmin").pk, Role.objects.get(code="auditadmin").pk]
    with pytest.raises(InvalidInput, match="三员分立"):
        accounts.set_user_roles(actor=secadmin, user=reporter, role_ids=roles)


def test_audit_permission_cannot_be_given_to_another_role(secadmin):
    with pytest.raises(InvalidInput, match="三员分立"):
        accounts.save_role(actor=secadmin, data=accounts.RoleData(
            code="snoop", name="偷看", data_scope="all", permissions=["audit.view", "orgs.view"]))


def test_system_admin_cannot_grant_roles(sysadmin, reporter):
    with pytest.raises(PermissionDenied):
        accounts.set_user_roles(actor=sysadmin, user=reporter,
                                role_ids=[Role.objects.get(code="hq_staff").pk])


def test_security_admin_cannot_grant_itself(secadmin):
    with pytest.raises(PermissionDenied):
        accounts.set_user_roles(actor=secadmin, user=secadmin,
                                role_ids=[Role.objects.get(code="hq_staff").pk])


def test_security_admin_grants_a_role_and_it_is_audited(secadmin, reporter):
    from luoshi.core.models import AuditEntry
    accounts.set_user_roles(actor=secadmin, user=reporter,
                            role_ids=[Role.objects.get(code="unit_leader").pk])
    entry = AuditEntry.objects.filter(action="set_roles", object_id=str(reporter.pk)).latest("id")
    assert entry.before == {"roles": ["reporter"]}
    assert entry.after == {"roles": ["unit_leader"]}
    assert entry.actor_id == secadmin.pk
