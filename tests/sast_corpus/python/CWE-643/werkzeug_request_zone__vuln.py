"""A Werkzeug app that returns DNS records of a zone given in the query string."""

from lxml import etree
from werkzeug.wrappers import Request, Response

ZONES = etree.parse("/srv/dns/zones.xml")


@Request.application
def application(request):
    zone = request.args.get("zone", "")
    records = ZONES.xpath("//zone[@name='" + zone + "']/record/@value")
    return Response("\n".join(str(r) for r in records), mimetype="text/plain")
