"""Plausible Ecuadorian names, drawn column-wise: two given names and two surnames.

Short hand-written lists, more common names first; draws follow a Zipf-like frequency so that
"Jaramillo" or "María" repeat as they do in a real registry. Company and public-entity names
are built from small word lists.
"""

from __future__ import annotations

import numpy as np
import polars as pl

FEMALE_NAMES = (
    "María",
    "Ana",
    "Rosa",
    "Carmen",
    "Gabriela",
    "Daniela",
    "Andrea",
    "Paola",
    "Verónica",
    "Lucía",
    "Fernanda",
    "Alexandra",
    "Patricia",
    "Mercedes",
    "Elizabeth",
    "Jessica",
    "Diana",
    "Sofía",
    "Valentina",
    "Camila",
    "Isabel",
    "Johanna",
    "Karina",
    "Lorena",
    "Mónica",
    "Silvia",
    "Gloria",
    "Martha",
    "Teresa",
    "Cecilia",
    "Esther",
    "Beatriz",
    "Nancy",
    "Blanca",
    "Elena",
    "Marlene",
    "Jenny",
    "Tatiana",
    "Estefanía",
    "Dayana",
    "Mishell",
    "Belén",
    "Cristina",
    "Alejandra",
    "Natalia",
    "Carolina",
    "Guadalupe",
    "Piedad",
    "Narcisa",
    "Dolores",
    "Luz",
    "Graciela",
    "Maribel",
    "Yolanda",
    "Magdalena",
    "Inés",
    "Adriana",
    "Sandra",
    "Margarita",
    "Victoria",
    "Jimena",
    "Emilia",
    "Doménica",
    "Nicole",
    "Juliana",
    "Josefina",
)
MALE_NAMES = (
    "José",
    "Luis",
    "Juan",
    "Carlos",
    "Jorge",
    "Segundo",
    "Manuel",
    "Miguel",
    "Ángel",
    "Diego",
    "Fernando",
    "Marco",
    "Pablo",
    "Andrés",
    "Víctor",
    "Wilson",
    "Édison",
    "Galo",
    "Fabián",
    "Patricio",
    "Xavier",
    "Javier",
    "Rodrigo",
    "Mauricio",
    "Santiago",
    "Sebastián",
    "Mateo",
    "Daniel",
    "David",
    "Francisco",
    "Antonio",
    "Alberto",
    "Ramiro",
    "Hugo",
    "Washington",
    "Byron",
    "Bolívar",
    "Oswaldo",
    "Vinicio",
    "Hernán",
    "Gonzalo",
    "Raúl",
    "Ricardo",
    "Eduardo",
    "Alexander",
    "Christian",
    "Kevin",
    "Bryan",
    "Jefferson",
    "Stalin",
    "Darwin",
    "Klever",
    "Lenin",
    "Rolando",
    "Efraín",
    "Gustavo",
    "Julio",
    "César",
    "Alfonso",
    "Ernesto",
    "Tomás",
    "Nicolás",
    "Joaquín",
    "Emilio",
    "Gabriel",
    "Alejandro",
)
SURNAMES = (
    "Jaramillo",
    "Ochoa",
    "Torres",
    "González",
    "Rodríguez",
    "Zambrano",
    "Sánchez",
    "Vera",
    "Pérez",
    "López",
    "Mendoza",
    "Castillo",
    "Cedeño",
    "Romero",
    "Guerrero",
    "Morales",
    "Espinoza",
    "Ramírez",
    "Vásquez",
    "Cevallos",
    "Herrera",
    "Macías",
    "Andrade",
    "Suárez",
    "Ortiz",
    "Chávez",
    "Moreira",
    "Ruiz",
    "Jiménez",
    "Castro",
    "Álvarez",
    "Flores",
    "Vargas",
    "Reyes",
    "Gómez",
    "Carrión",
    "Armijos",
    "Cueva",
    "Ordóñez",
    "Tapia",
    "Rivera",
    "Salazar",
    "Córdova",
    "Quezada",
    "Aguirre",
    "Guamán",
    "Quishpe",
    "Chamba",
    "Sarango",
    "Tene",
    "Ludeña",
    "Maldonado",
    "Valarezo",
    "Eguiguren",
    "Burneo",
    "Paladines",
    "Riofrío",
    "Celi",
    "Granda",
    "Montoya",
    "Bravo",
    "Palacios",
    "Naranjo",
    "Villacís",
    "Cabrera",
    "Benítez",
    "Toapanta",
    "Chicaiza",
    "Pilco",
    "Yánez",
    "Mora",
    "Viteri",
    "Calle",
    "Loaiza",
    "Peña",
    "Bermeo",
    "Aguilar",
    "Carrera",
    "Proaño",
    "Escobar",
    "León",
    "Robles",
    "Cisneros",
    "Montalvo",
    "Bustamante",
    "Merchán",
    "Ponce",
    "Intriago",
    "Alvarado",
    "Lema",
    "Caiza",
    "Hidalgo",
    "Iñiguez",
    "Rojas",
    "Pazmiño",
    "Muñoz",
    "Cordero",
    "Vintimilla",
    "Abad",
)
COMPANY_WORDS = (
    "Andina",
    "Austral",
    "Pacífico",
    "Sierra",
    "Cóndor",
    "Amazonas",
    "Chimborazo",
    "Ecuatoriana",
    "Del Sur",
    "Progreso",
    "Horizonte",
    "Nacional",
    "Continental",
    "Equinoccial",
    "Ecuacorp",
    "Agroexport",
    "Textiles",
    "Constructora",
    "Comercial",
    "Distribuidora",
    "Industrial",
    "Farmacéutica",
    "Servicios",
    "Transportes",
    "Alimentos",
    "Inmobiliaria",
    "Tecnología",
    "Minera",
    "Cafetalera",
    "Bananera",
    "Camaronera",
    "Florícola",
    "Metalmecánica",
    "Logística",
)
COMPANY_SUFFIXES = ("S.A.", "Cía. Ltda.", "S.A.S.", "C.A.")
PUBLIC_ENTITY_NAMES = (
    "Dirección Distrital de Educación",
    "Unidad Educativa Fiscal",
    "Dirección Distrital de Salud",
    "Empresa Pública Municipal de Agua Potable",
    "Registro de la Propiedad",
    "Cuerpo de Bomberos",
    "Gobierno Parroquial",
    "Jefatura Política",
)


def _zipf(count: int) -> np.ndarray:
    weights: np.ndarray = 1.0 / (np.arange(count) + 8.0)
    return weights / float(weights.sum())


def draw_person_names(rng: np.random.Generator, n: int) -> np.ndarray:
    """Indices for (given 1, given 2, surname 1, surname 2): shape (n, 4), uint16. Given names
    index into the list of the person's sex (resolved by ``person_names``)."""
    given_size = min(len(FEMALE_NAMES), len(MALE_NAMES))
    out = np.empty((n, 4), dtype=np.uint16)
    out[:, 0] = rng.choice(given_size, size=n, p=_zipf(given_size))
    second = rng.choice(given_size, size=n, p=_zipf(given_size))
    out[:, 1] = np.where(second == out[:, 0], (second + 1) % given_size, second)
    out[:, 2] = rng.choice(len(SURNAMES), size=n, p=_zipf(len(SURNAMES)))
    out[:, 3] = rng.choice(len(SURNAMES), size=n, p=_zipf(len(SURNAMES)))
    return out


def person_names(female: np.ndarray, index: np.ndarray) -> tuple[pl.Series, pl.Series]:
    """(first_names, last_names) strings from ``draw_person_names`` indices."""
    given_size = min(len(FEMALE_NAMES), len(MALE_NAMES))
    given = pl.Series(FEMALE_NAMES[:given_size] + MALE_NAMES[:given_size])
    surnames = pl.Series(SURNAMES)
    offset = np.where(female, 0, given_size)
    first = pl.select(
        pl.concat_str(
            [
                given.gather(index[:, 0].astype(np.int64) + offset),
                given.gather(index[:, 1].astype(np.int64) + offset),
            ],
            separator=" ",
        )
    ).to_series()
    last = pl.select(
        pl.concat_str(
            [
                surnames.gather(index[:, 2].astype(np.int64)),
                surnames.gather(index[:, 3].astype(np.int64)),
            ],
            separator=" ",
        )
    ).to_series()
    return first.alias("first_names"), last.alias("last_names")


def company_names(rng: np.random.Generator, n: int) -> pl.Series:
    """Names of private companies, e.g. "Distribuidora Andina Cóndor S.A."."""
    words = pl.Series(COMPANY_WORDS)
    suffixes = pl.Series(COMPANY_SUFFIXES)
    a = rng.integers(0, len(COMPANY_WORDS), n)
    b = (a + rng.integers(1, len(COMPANY_WORDS), n)) % len(COMPANY_WORDS)
    surname = pl.Series(SURNAMES).gather(rng.integers(0, len(SURNAMES), n))
    with_surname = rng.random(n) < 0.4
    second = pl.select(
        pl.when(pl.Series(with_surname)).then(surname).otherwise(words.gather(b))
    ).to_series()
    return pl.select(
        pl.concat_str(
            [words.gather(a), second, suffixes.gather(rng.integers(0, len(COMPANY_SUFFIXES), n))],
            separator=" ",
        )
    ).to_series()


def public_entity_names(
    rng: np.random.Generator, canton_names: pl.Series, first_in_canton: np.ndarray
) -> pl.Series:
    """Names of public entities: the canton's municipal government first, then other offices
    numbered within the canton."""
    n = len(canton_names)
    kinds = pl.Series(PUBLIC_ENTITY_NAMES).gather(rng.integers(0, len(PUBLIC_ENTITY_NAMES), n))
    number = pl.Series(rng.integers(1, 60, n)).cast(pl.String)
    other = pl.concat_str([kinds, pl.lit(" N.º "), number, pl.lit(" de "), canton_names])
    gad = pl.concat_str([pl.lit("GAD Municipal del Cantón "), canton_names])
    return pl.select(pl.when(pl.Series(first_in_canton)).then(gad).otherwise(other)).to_series()


RURAL_ORGANISATION_KINDS = (
    "Comuna",
    "Asociación de Trabajadores Agrícolas",
    "Cooperativa Agropecuaria",
    "Organización Campesina",
    "Junta de Regantes",
    "Asociación de Productores",
)
RURAL_PLACES = (
    "San José",
    "San Pedro",
    "El Rosario",
    "La Esperanza",
    "Santa Rosa",
    "San Antonio",
    "El Carmen",
    "La Libertad",
    "San Francisco",
    "Nueva Esperanza",
    "El Progreso",
    "San Vicente",
    "Santa Teresita",
    "La Florida",
    "El Paraíso",
    "San Isidro",
    "Las Lajas",
    "El Tablón",
)


def rural_organisation_names(rng: np.random.Generator, canton_names: pl.Series) -> pl.Series:
    """Names of campesino organisations, e.g. "Comuna San José (Saraguro)"."""
    n = len(canton_names)
    kind = pl.Series(RURAL_ORGANISATION_KINDS).gather(
        rng.integers(0, len(RURAL_ORGANISATION_KINDS), n)
    )
    place = pl.Series(RURAL_PLACES).gather(rng.integers(0, len(RURAL_PLACES), n))
    return pl.select(
        pl.concat_str([kind, pl.lit(" "), place, pl.lit(" ("), canton_names, pl.lit(")")])
    ).to_series()
