"""The site's pages: allauth's own under /accounts/, a dashboard, static files, the test clock."""

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles.views import serve
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from products.allauth_mfa import clock

urlpatterns = [
    path("", login_required(TemplateView.as_view(template_name="dashboard.html")), name="home"),
    path("accounts/", include("allauth.urls")),
    re_path(r"^static/(?P<path>.*)$", serve, {"insecure": True}),
    # called by the harness, not by a page, so it has no anti-forgery token; it takes only JSON,
    # which a page on another site cannot post here (CORS would have to allow it)
    path("_test/clock", csrf_exempt(clock.hook)),
]
