"""Django settings of the fleet portal."""

import os

DEBUG = True
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = ["fleet.example.com"]
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "fleet"]
ROOT_URLCONF = "fleet.urls"
