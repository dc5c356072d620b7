"""Django view that annotates products with a score using RawSQL params."""

from django.db.models.expressions import RawSQL
from django.http import JsonResponse

from .models import Product


def ranked(request):
    weight = float(request.GET.get("w", "1"))
    qs = Product.objects.annotate(score=RawSQL("rating * %s", [weight]))
    return JsonResponse({"ids": list(qs.order_by("-score").values_list("id", flat=True))})
