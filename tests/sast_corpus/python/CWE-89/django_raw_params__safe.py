"""Django view that finds books by author with Manager.raw() and params."""

from django.http import JsonResponse

from .models import Book


def by_author(request):
    author = request.GET.get("author", "")
    books = Book.objects.raw("SELECT * FROM shop_book WHERE author = %s", [author])
    return JsonResponse({"titles": [b.title for b in books]})
