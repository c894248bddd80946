"""The one domain error type; the edges (views, admin, commands, API) turn it into one shape."""


class DomainError(Exception):
    """A business rule refused the operation. `message` is Spanish, for the person who acted.

    `field` names the input at fault and `row` the line of a file, when there is one.
    """

    def __init__(self, message: str, *, field: str | None = None, row: int | None = None) -> None:
        self.message = message
        self.field = field
        self.row = row
        super().__init__(self.as_text())

    def as_text(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"fila {self.row}")
        if self.field:
            where.append(f"campo «{self.field}»")
        return f"{', '.join(where)}: {self.message}" if where else self.message
