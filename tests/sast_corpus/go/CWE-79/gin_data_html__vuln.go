package main

// Gin handler writing an HTML page by hand with the team name from the route.

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func team(c *gin.Context) {
	page := "<h1>Team " + c.Param("team") + "</h1>"
	c.Data(http.StatusOK, "text/html; charset=utf-8", []byte(page))
}

func main() {
	r := gin.New()
	r.GET("/teams/:team", team)
}
