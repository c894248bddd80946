from django.contrib import admin
from django.urls import path

from seguro.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("salud/", core_views.health_check, name="health-check"),
    path("admin/", admin.site.urls),
]
