from django.urls import path

from seguro.registry import views

app_name = "registry"
urlpatterns = [
    path("mi-ficha/", views.my_record, name="my-record"),
    path("mis-trabajadores/", views.my_workers, name="my-workers"),
]
