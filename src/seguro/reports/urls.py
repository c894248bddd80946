from django.urls import path

from seguro.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_page, name="page"),
    path("pdf/", views.report_pdf_download, name="pdf"),
    path("datos.json", views.report_json_download, name="json"),
]
