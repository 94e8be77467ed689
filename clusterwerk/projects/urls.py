from django.urls import path

from clusterwerk.projects import views

app_name = "projects"

urlpatterns = [
    path("projekte/", views.project_list, name="list"),
    path("projekte/neu/", views.project_create, name="create"),
    path("projekte/themenvorschlag/", views.topic_suggestions, name="suggest"),
    path("projekte/idee/", views.idea_propose, name="idea-propose"),
    path("projekte/ideen/", views.idea_queue, name="idea-queue"),
    path("projekte/<int:pk>/", views.project_detail, name="detail"),
    path("projekte/<int:pk>/bearbeiten/", views.project_edit, name="edit"),
    path("projekte/<int:pk>/phase/", views.project_phase, name="phase"),
    path("projekte/<int:pk>/idee/", views.idea_decide, name="idea-decide"),
    path("projekte/<int:pk>/beurteilung/", views.project_assess, name="assess"),
    path("projekte/<int:pk>/unterstuetzung/", views.project_support, name="support"),
    path("projekte/<int:pk>/ergebnisse/", views.project_results, name="results"),
]
