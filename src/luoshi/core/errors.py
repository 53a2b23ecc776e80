"""Domain errors: a stable code for programs, a Chinese message for people.

Pages turn them into form errors, the API into HTTP 4xx with the code, the command line
into a one-line message.
"""


class DomainError(Exception):
    code = "domain_error"
    status = 400

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code

    def __str__(self) -> str:
        return self.message


class ParseError(DomainError):
    code = "parse_error"


class InvalidInput(DomainError):
    """Input that breaks a rule; ``field`` names the form or file column it came from."""

    code = "invalid"

    def __init__(self, message: str, *, field: str = "", code: str | None = None):
        super().__init__(message, code=code)
        self.field = field


class PermissionDenied(DomainError):
    code = "permission_denied"
    status = 403


class NotFound(DomainError):
    """Also raised for items outside the actor's data scope, so their existence stays hidden."""

    code = "not_found"
    status = 404


class Conflict(DomainError):
    code = "conflict"
    status = 409


class UnitError(DomainError):
    """A quantity in the wrong unit for the operation, e.g. 万吨 where money is needed."""

    code = "unit_error"


class UsccError(DomainError):
    """A 统一社会信用代码 (GB 32100-2015) that cannot be right; ``code`` says which rule."""

    code = "uscc_invalid"
