from infoshare.core.access import public, signed_in

RULES = {
    "core:home": signed_in(),
    "core:healthz": public(),
    "core:accessibility": public(),
    "core:privacy": public(),
    "core:cookies": public(),
}
