from django.urls import path

from seguro.work_risks import views

app_name = "work_risks"
urlpatterns = [
    path("", views.index, name="index"),
    path("avisos/", views.accidents, name="accidents"),
    path("avisos/nuevo/", views.accident_new, name="accident-new"),
    path("avisos/<int:pk>/", views.accident, name="accident"),
    path("avisos/<int:pk>/investigar/", views.accident_investigate, name="accident-investigate"),
    path("avisos/<int:pk>/calificar/", views.accident_qualify, name="accident-qualify"),
    path("enfermedades/", views.diseases, name="diseases"),
    path("enfermedades/<int:pk>/", views.disease, name="disease"),
    path("capacitaciones/", views.trainings, name="trainings"),
]
