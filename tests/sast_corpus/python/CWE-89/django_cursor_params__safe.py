"""Django view that counts page views for a posted URL with a parameter."""

from django.db import connection
from django.http import JsonResponse


def views(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pageviews WHERE url = %s", [request.POST["url"]])
        return JsonResponse({"views": cursor.fetchone()[0]})
