"""Django view that annotates products with a score computed from a posted weight."""

from django.db.models.expressions import RawSQL
from django.http import JsonResponse

from .models import Product


def ranked(request):
    weight = request.GET.get("w", "1")
    qs = Product.objects.annotate(score=RawSQL(f"rating * {weight}", []))
    return JsonResponse({"ids": list(qs.order_by("-score").values_list("id", flat=True))})
