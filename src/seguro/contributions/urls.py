from django.urls import path

from seguro.contributions import views

app_name = "contributions"
urlpatterns = [
    path("planillas/", views.declaration_list, name="list"),
    path("planillas/subir/", views.declaration_upload, name="upload"),
    path("planillas/formato/", views.format_page, name="format"),
    path("planillas/planilla-ejemplo.csv", views.sample_csv, name="sample-csv"),
    path("planillas/planilla-ejemplo.xlsx", views.sample_xlsx, name="sample-xlsx"),
    path("planillas/<int:declaration_id>/", views.declaration_detail, name="detail"),
]
