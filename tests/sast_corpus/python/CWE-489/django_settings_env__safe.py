"""Django settings of the fleet portal, DEBUG off unless the environment says so."""

import os

DEBUG = os.environ.get("DJANGO_DEBUG", "false").lower() == "true"
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = ["fleet.example.com"]
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "fleet"]
