"""Connection settings for the reporting database, from the environment."""

import os

import psycopg2

DB_HOST = os.environ.get("REPORTING_DB_HOST", "reporting-db.internal")
DB_USER = os.environ.get("REPORTING_DB_USER", "reporter")


def connect():
    return psycopg2.connect(
        host=DB_HOST,
        user=DB_USER,
        password=os.environ["REPORTING_DB_PASSWORD"],
        dbname="reports",
    )
