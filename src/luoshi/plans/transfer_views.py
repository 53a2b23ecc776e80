"""Plans through Excel: the upload page, the template and a plan's export."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luoshi.core.errors import DomainError
from luoshi.core.permissions import access_for
from luoshi.core.xlsx import ImportRejected
from luoshi.orgs.forms import UploadForm
from luoshi.plans import queries, transfer

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PlanUploadForm(UploadForm):
    plan = forms.TypedChoiceField(label=_("导入到"), required=False, coerce=int, empty_value=None,
                                  help_text=_("更新已有方案时请先导出该方案，在导出的文件上修改"))

    def __init__(self, *args, plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.plans = {plan.pk: plan for plan in plans}
        self.fields["plan"].choices = [("", _("新建方案")), *((p.pk, f"{p.title}（{p.region.name}）")
                                                              for p in plans)]


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@login_required
def import_view(request):
    access_for(request.user).require("plans.manage")
    form = PlanUploadForm(request.POST or None, request.FILES or None,
                          initial={"plan": request.GET.get("plan")},
                          plans=transfer.plans_for_import(request.user))
    errors, result = [], None
    if request.method == "POST" and form.is_valid():
        try:
            result = transfer.import_plan(actor=request.user, file=form.cleaned_data["file"],
                                          plan=form.plans.get(form.cleaned_data["plan"]))
        except ImportRejected as exc:
            errors = exc.errors
        except DomainError as exc:
            form.add_error("file", exc.message)
    return render(request, "plans/import.html", {"form": form, "errors": errors, "result": result})


@login_required
def template_view(request):
    return _xlsx_response(transfer.plan_template(), "plan-template.xlsx")


@login_required
def export_view(request, plan_id):
    plan = queries.access_plan(request.user, plan_id)
    stamp = timezone.localdate().strftime("%Y%m%d")
    return _xlsx_response(transfer.export_plan(plan), f"plan-{plan.pk}-{stamp}.xlsx")
