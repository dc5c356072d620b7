package main

// Echo handler answering with an HTML fragment built from a query parameter.

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

func hello(c echo.Context) error {
	return c.HTML(http.StatusOK, "<p>Hello "+c.QueryParam("who")+"</p>")
}

func main() {
	e := echo.New()
	e.GET("/hello", hello)
}
