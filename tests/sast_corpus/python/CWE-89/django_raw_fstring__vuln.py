"""Django view that finds books by author with Manager.raw()."""

from django.http import JsonResponse

from .models import Book


def by_author(request):
    author = request.GET.get("author", "")
    books = Book.objects.raw(f"SELECT * FROM shop_book WHERE author = '{author}'")
    return JsonResponse({"titles": [b.title for b in books]})
