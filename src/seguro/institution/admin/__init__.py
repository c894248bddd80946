"""The institution in the admin, in Spanish. Rows are scoped to the user's province
(institution.scope); every save is a service call through a ServiceForm (validation runs the
service in a rolled-back transaction so the Spanish message shows next to the form). Auditors
hold only view permissions, so they read everything and change nothing; nothing is deleted.
"""

from seguro.institution.admin import control, finance, planning

__all__ = ["control", "finance", "planning"]
