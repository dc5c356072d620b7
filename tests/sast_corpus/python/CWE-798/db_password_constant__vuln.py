"""Connection settings for the reporting database."""

import psycopg2

DB_HOST = "reporting-db.internal"
DB_USER = "reporter"
DB_PASSWORD = "Rep0rt!ng-2024"


def connect():
    return psycopg2.connect(host=DB_HOST, user=DB_USER, password=DB_PASSWORD, dbname="reports")
