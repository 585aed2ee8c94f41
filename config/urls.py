from django.contrib import admin
from django.urls import include, path

from config import offline, views

# A database outage is a 503 with Retry-After; anything else stays the 500 page.
handler500 = views.server_error

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # The installable shell: served from the root, so the worker's scope is the whole site.
    path("sw.js", offline.service_worker, name="service-worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("offline/", offline.offline, name="offline"),
    path("accounts/", include("accounts.urls")),
    path("exercises/", include("exercises.urls")),
    path("training/", include("training.urls")),
    # The live session flow, under the same prefix: /training/sessions/<pk>/ and its sets.
    path("training/", include("logbook.urls")),
    # Import, export, backup and restore, the same way: /training/import/, /training/export/...
    path("training/", include("transfer.urls")),
    path("", include("progress.urls")),
    path("admin/", admin.site.urls),
]
