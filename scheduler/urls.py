from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from scheduler.api import api
from scheduler.views import home

urlpatterns = [
    path("", home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("scheduler.platform.mfa_urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("attendance/", include("attendance.urls")),
    path("programmes/", include("programmes.urls")),
    path("creche/", include("creche.urls")),
    path("notifications/", include("notifications.urls")),
    path("calendar/", include("scheduler.calendar.urls")),
    path("privacy/", include("scheduler.privacy.urls")),
]

handler404 = "scheduler.platform.pages.not_found"
