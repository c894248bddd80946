from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from seguro.contributions.api import api
from seguro.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("estado/", core_views.health_check, name="health-check"),
    path(
        "cuenta/ingresar/",
        auth_views.LoginView.as_view(template_name="core/login.html"),
        name="login",
    ),
    path("cuenta/salir/", auth_views.LogoutView.as_view(), name="logout"),
    path("registro/", include("seguro.registry.urls")),
    path("institucion/", include("seguro.institution.urls")),
    path("aportes/", include("seguro.contributions.urls")),
    path("api/", api.urls),
    path("cobranzas/", include("seguro.collections.urls")),
    path("prestaciones/", include("seguro.benefits.urls")),
    path("riesgos/", include("seguro.work_risks.urls")),
    path("pensiones/", include("seguro.pensions.urls")),
    path("salud/", include("seguro.health.urls")),
    path("rendicion-de-cuentas/", include("seguro.reports.urls")),
    path("admin/", admin.site.urls),
]
