"""The board: many projects' releases on one static site, every attestation verified first.

`collect.collect` verifies and reads each attestation (with the project's own signer from
`trust.BoardTrust`), `model.build_board` orders the releases, finds what got better or worse
and the cross-project CRA clock, and `site.write_site` writes the page, each release's full
report and `index.json`, all or nothing.
"""
