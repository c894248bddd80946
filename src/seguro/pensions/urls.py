from django.urls import path

from seguro.pensions import views

app_name = "pensions"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pension_id>/", views.detail, name="detail"),
    path("mis-pagos/", views.own, name="own"),
]
