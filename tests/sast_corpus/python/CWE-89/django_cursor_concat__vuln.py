"""Django view that counts page views for a URL posted by the tracker."""

from django.db import connection
from django.http import JsonResponse


def views(request):
    url = request.POST["url"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pageviews WHERE url = '" + url + "'")
        return JsonResponse({"views": cursor.fetchone()[0]})
