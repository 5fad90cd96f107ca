from django.urls import path

from trends import views, views_hot, views_terms

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("api/months", views.api_months, name="api-months"),
    path("healthz", views.healthz, name="healthz"),
    path("trends/", views_terms.trends_page, name="trends"),
    path("api/fractions", views_terms.api_fractions, name="api-fractions"),
    path("api/papers", views_terms.api_papers, name="api-papers"),
    path("hot/", views_hot.hot_page, name="hot"),
    path("api/hot", views_hot.api_hot, name="api-hot"),
]
