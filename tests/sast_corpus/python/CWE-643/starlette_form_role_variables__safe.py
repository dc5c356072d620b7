"""Starlette endpoint that checks a posted role with XPath variables."""

from lxml import etree
from starlette.responses import JSONResponse

ROLES = etree.parse("/srv/auth/roles.xml")


async def has_role(request):
    form = await request.form()
    hit = ROLES.xpath(
        "boolean(//user[@id=$user]/role[text()=$role])", user=form["user"], role=form["role"]
    )
    return JSONResponse({"granted": bool(hit)})
