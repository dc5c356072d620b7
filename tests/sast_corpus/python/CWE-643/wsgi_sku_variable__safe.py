"""A bare WSGI app that looks up stock by SKU with an XPath variable."""

from urllib.parse import parse_qs

from lxml import etree

STOCK = etree.parse("/srv/data/stock.xml")


def application(environ, start_response):
    sku = parse_qs(environ.get("QUERY_STRING", "")).get("sku", [""])[0]
    count = STOCK.xpath("sum(//item[@sku=$sku]/@qty)", sku=sku)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [str(int(count)).encode()]
