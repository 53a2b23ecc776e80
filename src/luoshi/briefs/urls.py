from django.urls import path

from luoshi.briefs import views

urlpatterns = [
    path("briefs/", views.brief_list, name="briefs"),
    path("briefs/new/", views.brief_generate, name="brief_generate"),
    path("briefs/templates/", views.template_list, name="brief_templates"),
    path("briefs/templates/new/", views.template_edit, name="brief_template_new"),
    path("briefs/templates/<int:template_id>/", views.template_edit, name="brief_template_edit"),
    path("briefs/<int:brief_id>/", views.brief_detail, name="brief_detail"),
    path("briefs/<int:brief_id>/header/", views.brief_header, name="brief_header"),
    path("briefs/<int:brief_id>/issue/", views.brief_issue, name="brief_issue"),
    path("briefs/<int:brief_id>/instruct/", views.brief_instruct, name="brief_instruct"),
    path("briefs/<int:brief_id>/instructions/<int:instruction_id>/order/", views.instruction_order,
         name="brief_instruction_order"),
    path("briefs/<int:brief_id>/download.<str:fmt>", views.brief_download, name="brief_download"),
    path("briefs/<int:brief_id>/sections/<int:section_id>/", views.section_show,
         name="brief_section"),
    path("briefs/<int:brief_id>/sections/<int:section_id>/edit/", views.section_edit,
         name="brief_section_edit"),
    path("briefs/<int:brief_id>/sections/<int:section_id>/figures/<int:index>/",
         views.brief_figure, name="brief_figure"),
]
