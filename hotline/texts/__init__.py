"""Resident texts edited without a developer: edits stored in the database (store),
the checks every edit passes (checks), PO files for translators (po), `hotline texts`
(cli). The shipped wording stays in ivr_flows/texts/*.py as the defaults."""
