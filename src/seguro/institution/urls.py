from django.urls import path

from seguro.institution import views

app_name = "institution"
urlpatterns = [
    path("", views.index, name="index"),
    path("presupuesto/", views.budget, name="budget"),
    path("compras/", views.procurement, name="procurement"),
    path("compras/ocds.json", views.procurement_ocds, name="procurement-ocds"),
    path("recomendaciones/", views.recommendations, name="recommendations"),
    path("atencion-ciudadana/", views.citizen, name="citizen"),
]
