from django.urls import path

from indgang.signin import views

urlpatterns = [
    path("log-ind/", views.LoginView.as_view(), name="login"),
    path("log-ind/kode/", views.second_factor, name="signin_second_factor"),
    path("log-ind/oidc/", views.oidc_start, name="oidc_authentication_init"),
    path("log-ind/oidc/retur/", views.oidc_callback, name="oidc_authentication_callback"),
    path("log-ud/", views.LogoutView.as_view(), name="logout"),
]
