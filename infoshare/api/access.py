from infoshare.core.access import public

RULES = {
    # The schema and the interactive docs describe the API; they hold no data.
    "api-1:openapi-json": public(),
    "api-1:openapi-view": public(),
    "api-1:api-root": public(),
    # The accessible documentation page, in the service layout: public like the schema.
    "api:documentation": public(),
}
