"""Django class-based view that reports sales for the posted region with params."""

from django.db import connection
from django.http import JsonResponse
from django.views import View


class SalesView(View):
    def post(self, request):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sum(total) FROM sales WHERE region = %s", [request.POST.get("region", "")]
            )
            return JsonResponse({"total": cursor.fetchone()[0]})
