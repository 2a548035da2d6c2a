"""The bundled course's modules in course order (each has a quiz of the same name): one list for
every test that walks the real course."""

COURSE_SLUGS = [
    "risk-analysis",
    "seizures",
    "evidence",
    "investigations",
    "cash-smuggling",
    "strategic-trade",
    "inter-agency",
]
