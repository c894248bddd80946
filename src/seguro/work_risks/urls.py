from django.urls import path  # noqa: F401

app_name = "work_risks"
urlpatterns: list = []
