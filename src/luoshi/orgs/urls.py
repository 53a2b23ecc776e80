from django.urls import path

from luoshi.orgs import auth_views, transfer_views, views

urlpatterns = [
    path("login/", auth_views.login_view, name="login"),
    path("logout/", auth_views.logout_view, name="logout"),
    path("password/", auth_views.password_change, name="password_change"),
    path("tokens/", auth_views.tokens, name="tokens"),
    path("regions/", views.regions, name="regions"),
    path("regions/<str:code>/", views.region_detail, name="region_detail"),
    path("units/", views.units, name="units"),
    path("units/new/", views.unit_edit, name="unit_new"),
    path("units/<int:unit_id>/", views.unit_detail, name="unit_detail"),
    path("units/<int:unit_id>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:unit_id>/delete/", views.unit_delete, name="unit_delete"),
    path("officials/", views.officials, name="officials"),
    path("officials/new/", views.official_edit, name="official_new"),
    path("officials/<int:official_id>/", views.official_detail, name="official_detail"),
    path("officials/<int:official_id>/edit/", views.official_edit, name="official_edit"),
    path("officials/<int:official_id>/delete/", views.official_delete, name="official_delete"),
    path("users/", views.users, name="users"),
    path("users/new/", views.user_edit, name="user_new"),
    path("users/<int:user_id>/", views.user_detail, name="user_detail"),
    path("users/<int:user_id>/edit/", views.user_edit, name="user_edit"),
    path("users/<int:user_id>/roles/", views.user_roles, name="user_roles"),
    path("users/<int:user_id>/password/", views.user_reset_password, name="user_reset_password"),
    path("transfer/<str:what>/import/", transfer_views.import_view, name="orgs_import"),
    path("transfer/<str:what>/export/", transfer_views.export_view, name="orgs_export"),
    path("transfer/<str:what>/template/", transfer_views.template_view, name="orgs_template"),
    path("roles/", views.roles, name="roles"),
    path("roles/new/", views.role_edit, name="role_new"),
    path("roles/<int:role_id>/edit/", views.role_edit, name="role_edit"),
]
