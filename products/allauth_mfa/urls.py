"""The site's pages: allauth's own under /accounts/, a dashboard, and the static files."""

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles.views import serve
from django.urls import include, path, re_path
from django.views.generic import TemplateView

urlpatterns = [
    path("", login_required(TemplateView.as_view(template_name="dashboard.html")), name="home"),
    path("accounts/", include("allauth.urls")),
    re_path(r"^static/(?P<path>.*)$", serve, {"insecure": True}),
]
