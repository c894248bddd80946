from django.urls import path

from seguro.benefits import views

app_name = "benefits"
urlpatterns = [
    path("", views.index, name="index"),
    path("solicitudes/", views.claims, name="claims"),
    path("solicitudes/nueva/", views.claim_new, name="claim-new"),
    path("solicitudes/<int:pk>/", views.claim, name="claim"),
    path("por-aprobar/", views.approvals, name="approvals"),
    path("mis-aportes/", views.my_statement, name="my-statement"),
    path("simulador/", views.simulator, name="simulator"),
]
