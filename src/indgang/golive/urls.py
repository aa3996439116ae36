from django.urls import path

from indgang.golive import views

urlpatterns = [
    path("import/", views.import_page, name="golive_import"),
    path("import/<int:import_run_id>/", views.run_detail, name="golive_run"),
    path("import/<int:import_run_id>/importer/", views.run_confirm, name="golive_run_confirm"),
    path("import/<int:import_run_id>/kasser/", views.run_discard, name="golive_run_discard"),
]
