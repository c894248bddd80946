from django.urls import path

from seguro.health import views

app_name = "health"
urlpatterns = [
    path("", views.index, name="index"),
    path("cobertura/", views.coverage, name="coverage"),
    path("cobertura/<int:pk>/", views.check, name="check"),
    path("atenciones/", views.attentions, name="attentions"),
    path("convenios/", views.agreements, name="agreements"),
    path("facturas/", views.invoices, name="invoices"),
    path("facturas/<int:pk>/", views.invoice, name="invoice"),
    path("campesino/", views.rural, name="rural"),
]
