"""The facilitator PIN: a salted slow hash, and the wrong-try lockout.

The PIN guards the way out of participant mode on a laptop passed round a room.
Four digits are few, so the hash is slow (scrypt) and guesses are rate-limited:
after five wrong tries the next try has to wait thirty seconds. The clock is
passed in, so the policy is tested without waiting.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable

from spf_desktop.domain.errors import ValidationError

MIN_DIGITS = 4
MAX_DIGITS = 12
MAX_TRIES = 5
LOCKOUT_SECONDS = 30.0

# scrypt cost: tens of milliseconds on a laptop, slow enough for a four-digit PIN kept on disk.
_N, _R, _P = 2**14, 8, 1


def check_pin(pin: str) -> str:
    """Refuse a PIN that is not 4 to 12 digits."""
    if not pin.isascii() or not pin.isdigit():
        raise ValidationError("The PIN must be digits only (0 to 9).")
    if len(pin) < MIN_DIGITS:
        raise ValidationError(
            f"The PIN must have at least {MIN_DIGITS} digits; this one has {len(pin)}."
        )
    if len(pin) > MAX_DIGITS:
        raise ValidationError(f"The PIN can have at most {MAX_DIGITS} digits.")
    return pin


def _derive(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode("ascii"), salt=salt, n=n, r=r, p=p, dklen=32)


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """The stored form: ``scrypt$n$r$p$salt$hash`` (hex). Never the PIN itself."""
    check_pin(pin)
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = _derive(pin, salt, _N, _R, _P)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    """True when ``pin`` matches the stored hash; a malformed hash never matches."""
    try:
        scheme, n, r, p, salt_hex, digest_hex = stored.split("$")
        if scheme != "scrypt":
            return False
        salt, expected = bytes.fromhex(salt_hex), bytes.fromhex(digest_hex)
        if not pin.isascii():
            return False
        actual = _derive(pin, salt, int(n), int(r), int(p))
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(actual, expected)


class PinGate:
    """Counts wrong tries; after ``max_tries`` in a row, refuses all tries for a while."""

    def __init__(self, stored_hash: str | None, clock: Callable[[], float], *,
                 max_tries: int = MAX_TRIES, lockout: float = LOCKOUT_SECONDS) -> None:
        self.stored_hash = stored_hash
        self.clock = clock
        self.max_tries = max_tries
        self.lockout = lockout
        self.wrong = 0
        self.locked_until: float | None = None

    def wait_left(self) -> float:
        """Seconds before another try is allowed (0 when a try is allowed now)."""
        if self.locked_until is None:
            return 0.0
        left = self.locked_until - self.clock()
        if left <= 0:
            self.locked_until = None
            self.wrong = 0
            return 0.0
        return left

    def attempt(self, pin: str) -> bool:
        """Try a PIN. Raises ValidationError while locked out or when no PIN is set."""
        left = self.wait_left()
        if left > 0:
            raise ValidationError(
                f"Too many wrong tries. Please wait {int(left + 0.999)} seconds, then try again."
            )
        if not self.stored_hash:
            raise ValidationError("No facilitator PIN is set.")
        if verify_pin(pin, self.stored_hash):
            self.wrong = 0
            return True
        self.wrong += 1
        if self.wrong >= self.max_tries:
            self.locked_until = self.clock() + self.lockout
        return False

    @property
    def tries_left(self) -> int:
        return max(0, self.max_tries - self.wrong)
