"""Django settings for the customer portal."""

import os

SECRET_KEY = "k3#v9!x2@q8z$w7^m1&p0*r5(t4)y6_u"
DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"
ALLOWED_HOSTS = ["portal.example.com"]
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "portal"]
