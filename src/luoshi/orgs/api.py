"""/api/v1/ endpoints for regions, units, officials and users. Thin: resolve, call, map."""


from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from luoshi.orgs import queries, services

router = Router(tags=["组织机构"])


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent_code: str | None = Field(None, alias="parent_id")


class UnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    region_code: str = Field(..., alias="region_id")
    region_name: str = Field(..., alias="region.name")
    parent_id: int | None
    parent_code: str | None = Field(None, alias="parent.code")
    depth: int
    sort_order: int
    is_active: bool


class UnitIn(Schema):
    code: str = Field(..., min_length=1, max_length=32)
    name: str = Field(..., min_length=1, max_length=128)
    kind: str
    region_code: str = Field(..., min_length=6, max_length=6)
    parent_code: str = ""
    short_name: str = Field("", max_length=64)
    sort_order: int = 0
    is_active: bool = True


class OfficialOut(Schema):
    id: int
    name: str
    post: str
    unit_id: int
    unit_code: str = Field(..., alias="unit.code")
    unit_name: str = Field(..., alias="unit.name")
    phone: str
    is_active: bool


class OfficialIn(Schema):
    name: str = Field(..., min_length=1, max_length=64)
    post: str = Field(..., min_length=1, max_length=128)
    unit_code: str = Field(..., min_length=1, max_length=32)
    phone: str = Field("", max_length=32)
    sort_order: int = 0
    is_active: bool = True


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    unit_id: int | None
    is_active: bool
    roles: list[str]

    @staticmethod
    def resolve_roles(obj) -> list[str]:
        return [role.code for role in obj.roles.all()]


class UnitFilters(Schema):
    search: str = ""
    region: str = ""
    kind: str = ""
    parent_id: int | None = None


class SearchFilter(Schema):
    search: str = ""


@router.get("/regions", response=list[RegionOut], summary="行政区划列表")
@paginate(PageNumberPagination, page_size=200)
def list_regions(request, filters: Query[SearchFilter], parent: str = ""):
    return queries.regions_for_list(search=filters.search, parent=parent)


@router.get("/regions/{code}", response=RegionOut, summary="行政区划")
def get_region(request, code: str):
    return queries.access_region(code)


@router.get("/units", response=list[UnitOut], summary="单位列表（按数据范围）")
@paginate(PageNumberPagination)
def list_units(request, filters: Query[UnitFilters]):
    return queries.units_for_list(request.user, **filters.dict())


@router.get("/units/{unit_id}", response=UnitOut, summary="单位")
def get_unit(request, unit_id: int):
    return queries.access_unit(request.user, unit_id)


@router.post("/units", response={201: UnitOut}, summary="新建单位")
def create_unit(request, payload: UnitIn):
    unit = services.create_unit(actor=request.user, data=services.UnitData(**payload.dict()))
    return Status(201, queries.access_unit(request.user, unit.pk))


@router.put("/units/{unit_id}", response=UnitOut, summary="修改单位")
def update_unit(request, unit_id: int, payload: UnitIn):
    unit = queries.access_unit(request.user, unit_id)
    services.update_unit(actor=request.user, unit=unit, data=services.UnitData(**payload.dict()))
    return queries.access_unit(request.user, unit_id)


@router.get("/officials", response=list[OfficialOut], summary="领导干部列表（按数据范围）")
@paginate(PageNumberPagination)
def list_officials(request, filters: Query[SearchFilter], unit_id: int | None = None):
    return queries.officials_for_list(request.user, search=filters.search, unit_id=unit_id)


@router.get("/officials/{official_id}", response=OfficialOut, summary="领导干部")
def get_official(request, official_id: int):
    return queries.access_official(request.user, official_id)


@router.post("/officials", response={201: OfficialOut}, summary="新建领导干部")
def create_official(request, payload: OfficialIn):
    official = services.create_official(actor=request.user, data=services.OfficialData(**payload.dict()))
    return Status(201, queries.access_official(request.user, official.pk))


@router.put("/officials/{official_id}", response=OfficialOut, summary="修改领导干部")
def update_official(request, official_id: int, payload: OfficialIn):
    official = queries.access_official(request.user, official_id)
    services.update_official(actor=request.user, official=official,
                             data=services.OfficialData(**payload.dict()))
    return queries.access_official(request.user, official_id)


@router.get("/users", response=list[UserOut], summary="用户列表（系统/安全管理员）")
@paginate(PageNumberPagination)
def list_users(request, filters: Query[SearchFilter], role: str = ""):
    return queries.users_for_list(request.user, search=filters.search, role=role)


@router.get("/users/me", response=UserOut, summary="当前用户")
def me(request):
    return request.user


@router.get("/users/{user_id}", response=UserOut, summary="用户")
def get_user(request, user_id: int):
    return queries.access_user(request.user, user_id)

