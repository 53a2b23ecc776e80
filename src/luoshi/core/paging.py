from django.core.paginator import Paginator

PER_PAGE = 50


def paginate(request, queryset, per_page: int = PER_PAGE):
    """One page of ``queryset`` for the ``page`` query parameter (bad values give page 1)."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
