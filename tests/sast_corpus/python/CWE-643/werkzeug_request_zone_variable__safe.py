"""A Werkzeug app that returns DNS records of a zone with a bound variable."""

from lxml import etree
from werkzeug.wrappers import Request, Response

ZONES = etree.parse("/srv/dns/zones.xml")


@Request.application
def application(request):
    records = ZONES.xpath("//zone[@name=$z]/record/@value", z=request.args.get("zone", ""))
    return Response("\n".join(str(r) for r in records), mimetype="text/plain")
