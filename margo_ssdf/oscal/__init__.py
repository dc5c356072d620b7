"""OSCAL views of what margo-ssdf knows, for auditors' GRC tools.

`catalog` (the SSDF, IEC 62443-4-1 and CRA Annex I catalogs), `component` (margo-ssdf's checks
under a policy) and `results` (a verified release's assessment results, built from the report,
never from unsigned state). compliance-trestle is imported only when a document is checked.
"""
