from django.urls import path

from entities import views

urlpatterns = [
    path("entities/", views.entities_page, name="entities"),
    path("api/entities", views.api_entities, name="api-entities"),
    path("api/entities/fractions", views.api_entity_fractions, name="api-entity-fractions"),
]
