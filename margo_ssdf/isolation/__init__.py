"""Multi-vendor app isolation: Margo application packages, Helm charts and compose files.

`scan.scan` finds the packages, charts and compose files of a project and reports each
isolation problem as an `Issue` (rule, file, line, message); `rules.RULES` says what each rule
means. The `app.isolation` check turns the issues into SARIF evidence.
"""
