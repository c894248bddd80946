from django.urls import path

from seguro.collections import views

app_name = "collections"
urlpatterns = [
    path("", views.index, name="index"),
    path("estado-de-cuenta/", views.statement, name="statement"),
    path("recibos/", views.receipts, name="receipts"),
    path("recibos/<int:number>/", views.receipt, name="receipt"),
    path("convenios/", views.agreements, name="agreements"),
    path("convenios/<int:number>/", views.agreement, name="agreement"),
    path("mora/", views.arrears, name="arrears"),
    path("coactiva/", views.cases, name="cases"),
    path("metas/", views.targets, name="targets"),
    path("pagos/importar/", views.bank_import, name="bank-import"),
]
