"""Password rules, each refusal saying which rule failed."""

from __future__ import annotations

from techmarket.core.errors import AppError, FieldError

MIN_LENGTH = 10
COMMON = frozenset(
    {
        "password123",
        "1234567890",
        "qwertyuiop",
        "1qaz2wsx3edc",
        "abc1234567",
        "a123456789",
        "woaini1314",
    }
)


class WeakPassword(AppError):
    code = "auth.weak_password"
    status = 422
    title = "The password is too weak"


def check_password(password: str, *, email: str, field: str) -> None:
    def refuse(rule: str) -> WeakPassword:
        return WeakPassword(
            rule, fields=[FieldError(field=field, message=rule, type="weak_password")]
        )

    if len(password) < MIN_LENGTH:
        raise refuse(f"must be at least {MIN_LENGTH} characters long")
    if not any(c.isalpha() for c in password) or not any(c.isdigit() for c in password):
        raise refuse("must contain both letters and digits")
    if password.lower() in COMMON or len(set(password)) < 4:
        raise refuse("is too common or too repetitive")
    local_part = email.split("@", 1)[0].lower()
    if len(local_part) >= 4 and local_part in password.lower():
        raise refuse("must not contain the email address")
