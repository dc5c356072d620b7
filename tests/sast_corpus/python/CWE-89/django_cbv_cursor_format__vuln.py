"""Django class-based view that reports sales for the posted region."""

from django.db import connection
from django.http import JsonResponse
from django.views import View


class SalesView(View):
    def post(self, request):
        region = request.POST.get("region", "")
        with connection.cursor() as cursor:
            cursor.execute("SELECT sum(total) FROM sales WHERE region = '{0}'".format(region))  # noqa: UP030, UP032
            return JsonResponse({"total": cursor.fetchone()[0]})
