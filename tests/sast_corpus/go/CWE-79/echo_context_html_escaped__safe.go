package main

// Echo handler answering with an HTML fragment; the query parameter is escaped.

import (
	"html"
	"net/http"

	"github.com/labstack/echo/v4"
)

func hello(c echo.Context) error {
	return c.HTML(http.StatusOK, "<p>Hello "+html.EscapeString(c.QueryParam("who"))+"</p>")
}

func main() {
	e := echo.New()
	e.GET("/hello", hello)
}
