"""/api/v1/: one NinjaAPI; each app adds its router. Domain errors become 4xx with a code."""

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from luoshi.core.errors import DomainError
from luoshi.orgs.accounts import user_for_api_key


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = user_for_api_key(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="luoshi API",
    version="1",
    description="落实 — 行动方案落实平台接口。使用“Authorization: Bearer <令牌>”认证；"
                "令牌在“我的接口令牌”页面生成。",
    auth=TokenAuth(),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    body = {"code": exc.code, "message": exc.message}
    if getattr(exc, "field", ""):
        body["field"] = exc.field
    return api.create_response(request, body, status=exc.status)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(
        request, {"code": "unauthenticated", "message": "未认证：请提供有效的接口令牌"}, status=401
    )


api.add_router("/", "luoshi.orgs.api.router")
api.add_router("/", "luoshi.plans.api.router")
api.add_router("/", "luoshi.progress.api.router")
api.add_router("/", "luoshi.indicators.api.router")
api.add_router("/", "luoshi.ingest.api.router")
api.add_router("/", "luoshi.projects.api.router")
api.add_router("/", "luoshi.attraction.api.router")
api.add_router("/", "luoshi.supervision.api.router")
api.add_router("/", "luoshi.service.api.router")
api.add_router("/", "luoshi.assessment.api.router")
api.add_router("/", "luoshi.briefs.api.router")
api.add_router("/", "luoshi.cockpit.api.router")
