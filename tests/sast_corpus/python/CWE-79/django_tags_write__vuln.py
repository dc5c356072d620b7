"""Django view that lists the tags chosen in the filter form."""

from django.http import HttpResponse


def tag_list(request):
    response = HttpResponse()
    response.write("<ul>")
    for tag in request.GET.getlist("tag"):
        response.write("<li>" + tag + "</li>")
    response.write("</ul>")
    return response
