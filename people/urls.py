from django.urls import path

from . import admin_views

app_name = "people"
urlpatterns = [
    path("users/", admin_views.UserListView.as_view(), name="user_list"),
    path("users/new/", admin_views.UserCreateView.as_view(), name="user_create"),
    path("users/<int:pk>/", admin_views.UserDetailView.as_view(), name="user_detail"),
    path("users/<int:pk>/edit/", admin_views.UserUpdateView.as_view(), name="user_update"),
    path("users/<int:pk>/password/", admin_views.UserPasswordView.as_view(), name="user_password"),
    path("users/<int:pk>/deactivate/", admin_views.UserActivationView.as_view(), name="user_deactivate"),
    path("users/<int:pk>/reactivate/", admin_views.UserActivationView.as_view(activate=True), name="user_reactivate"),
    path("users/<int:pk>/roles/", admin_views.RoleAssignView.as_view(), name="role_assign"),
    path("roles/<int:pk>/revoke/", admin_views.RoleRevokeView.as_view(), name="role_revoke"),
]
