"""The part of the OCDS 1.1 release-package schema that Seguro's export relies on.

No PyPI package ships the OCDS schema files (ocdskit, ocdsmerge, libcoveocds,
ocdsextensionregistry, flattentool, spoonbill, libcove all fetch them from the standard's site at
run time), and tests have no internet. So this subset is written here from the standard's
documented structure (OCDS 1.1 reference: release package, release, and the Organization,
OrganizationReference, Identifier, Value, Budget, Tender, Award and Contract building blocks,
with the closed codelists releaseTag, initiationType, method, procurementCategory, tenderStatus,
awardStatus and contractStatus). Like the standard it is JSON Schema draft 4 and lets extra
fields through; where the standard only recommends a field that Seguro always publishes (a
party's id, name and roles) the subset requires it.
"""

from __future__ import annotations

from typing import Any

DATE_TIME = {
    "type": "string",
    "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$",
}
STRING = {"type": "string", "minLength": 1}
NULLABLE_STRING = {"type": ["string", "null"]}

RELEASE_TAGS = [  # releaseTag codelist, closed in 1.1
    "planning",
    "planningUpdate",
    "tender",
    "tenderAmendment",
    "tenderUpdate",
    "tenderCancellation",
    "award",
    "awardUpdate",
    "awardCancellation",
    "contract",
    "contractUpdate",
    "contractAmendment",
    "implementation",
    "implementationUpdate",
    "contractTermination",
    "compiled",
]
PARTY_ROLES = [  # partyRole codelist (open in 1.1; these are its codes)
    "buyer",
    "procuringEntity",
    "supplier",
    "tenderer",
    "funder",
    "enquirer",
    "payer",
    "payee",
    "reviewBody",
    "interestedParty",
]

DEFINITIONS: dict[str, Any] = {
    "Identifier": {
        "type": "object",
        "properties": {
            "scheme": NULLABLE_STRING,
            "id": {"type": ["string", "integer", "null"]},
            "legalName": NULLABLE_STRING,
            "uri": NULLABLE_STRING,
        },
    },
    "Organization": {
        "type": "object",
        "required": ["id", "name", "roles"],
        "properties": {
            "id": STRING,
            "name": NULLABLE_STRING,
            "identifier": {"$ref": "#/definitions/Identifier"},
            "address": {"type": "object"},
            "roles": {
                "type": "array",
                "minItems": 1,
                "items": {"type": "string", "enum": PARTY_ROLES},
            },
        },
    },
    "OrganizationReference": {
        "type": "object",
        "required": ["id", "name"],
        "properties": {"id": {"type": ["string", "integer"]}, "name": NULLABLE_STRING},
    },
    "Value": {
        "type": "object",
        "required": ["amount", "currency"],
        "properties": {
            "amount": {"type": ["number", "null"]},
            "currency": {"type": ["string", "null"], "enum": ["USD", None]},
        },
    },
    "Budget": {
        "type": "object",
        "properties": {
            "id": {"type": ["string", "integer", "null"]},
            "description": NULLABLE_STRING,
            "amount": {"$ref": "#/definitions/Value"},
        },
    },
    "Tender": {
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": {"type": ["string", "integer"], "minLength": 1},
            "title": NULLABLE_STRING,
            "status": {
                "type": ["string", "null"],
                "enum": [
                    "planning",
                    "planned",
                    "active",
                    "cancelled",
                    "unsuccessful",
                    "complete",
                    "withdrawn",
                    None,
                ],
            },
            "statusDetails": NULLABLE_STRING,
            "procuringEntity": {"$ref": "#/definitions/OrganizationReference"},
            "value": {"$ref": "#/definitions/Value"},
            "procurementMethod": {
                "type": ["string", "null"],
                "enum": ["open", "selective", "limited", "direct", None],
            },
            "procurementMethodDetails": NULLABLE_STRING,
            "mainProcurementCategory": {
                "type": ["string", "null"],
                "enum": ["goods", "services", "works", None],
            },
            "datePublished": DATE_TIME,
        },
    },
    "Award": {
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": {"type": ["string", "integer"], "minLength": 1},
            "title": NULLABLE_STRING,
            "status": {
                "type": ["string", "null"],
                "enum": ["pending", "active", "cancelled", "unsuccessful", None],
            },
            "date": DATE_TIME,
            "value": {"$ref": "#/definitions/Value"},
            "suppliers": {
                "type": "array",
                "items": {"$ref": "#/definitions/OrganizationReference"},
                "uniqueItems": True,
            },
        },
    },
    "Contract": {
        "type": "object",
        "required": ["id", "awardID"],
        "properties": {
            "id": {"type": ["string", "integer"], "minLength": 1},
            "awardID": {"type": ["string", "integer"], "minLength": 1},
            "title": NULLABLE_STRING,
            "status": {
                "type": ["string", "null"],
                "enum": ["pending", "active", "cancelled", "terminated", None],
            },
            "dateSigned": DATE_TIME,
            "value": {"$ref": "#/definitions/Value"},
        },
    },
    "Release": {
        "type": "object",
        "required": ["ocid", "id", "date", "tag", "initiationType"],
        "properties": {
            "ocid": {"type": "string", "pattern": r"^ocds-[a-z0-9]{6}-"},
            "id": {"type": "string", "minLength": 1, "pattern": r"^[^#]+$"},
            "date": DATE_TIME,
            "tag": {
                "type": "array",
                "minItems": 1,
                "items": {"type": "string", "enum": RELEASE_TAGS},
            },
            "initiationType": {"type": "string", "enum": ["tender"]},
            "language": NULLABLE_STRING,
            "parties": {
                "type": "array",
                "items": {"$ref": "#/definitions/Organization"},
                "uniqueItems": True,
            },
            "buyer": {"$ref": "#/definitions/OrganizationReference"},
            "planning": {
                "type": "object",
                "properties": {"budget": {"$ref": "#/definitions/Budget"}},
            },
            "tender": {"$ref": "#/definitions/Tender"},
            "awards": {
                "type": "array",
                "items": {"$ref": "#/definitions/Award"},
                "uniqueItems": True,
            },
            "contracts": {
                "type": "array",
                "items": {"$ref": "#/definitions/Contract"},
                "uniqueItems": True,
            },
        },
    },
}

RELEASE_PACKAGE_SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-04/schema#",
    "title": "OCDS 1.1 release package (subset used by Seguro)",
    "type": "object",
    "required": ["uri", "publisher", "publishedDate", "releases", "version"],
    "properties": {
        "uri": {"type": "string", "pattern": r"^https?://"},
        "version": {"type": "string", "pattern": r"^1\.1$"},
        "publishedDate": DATE_TIME,
        "publisher": {
            "type": "object",
            "required": ["name"],
            "properties": {"name": STRING, "scheme": NULLABLE_STRING, "uid": NULLABLE_STRING},
        },
        "license": NULLABLE_STRING,
        "releases": {
            "type": "array",
            "minItems": 1,
            "items": {"$ref": "#/definitions/Release"},
        },
    },
    "definitions": DEFINITIONS,
}
