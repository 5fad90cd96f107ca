from django.urls import path

from trends import views, views_about, views_hot, views_terms

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("trends/", views_terms.trends_page, name="trends"),
    path("hot/", views_hot.hot_page, name="hot"),
    path("about/", views_about.about, name="about"),
]
