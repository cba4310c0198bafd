"""The facilitator PIN: a salted slow hash, and the wrong-try lockout.

The PIN guards the way out of participant mode on a laptop passed round a room.
Four digits are few, so the hash is slow (scrypt) and guesses are rate-limited:
after five wrong tries the next try has to wait thirty seconds. The clock is
passed in, so the policy is tested without waiting.

The wrong tries and the end of a lockout are kept in the archive (``store.audit``),
so a restart does not wipe the count: the gate takes them in and hands each change
to ``save``. The clock it is given is then the wall clock (seconds since the
epoch), which survives a restart; a wait longer than the lockout (the clock was
set back) is cut to the lockout.

A forgotten PIN is replaced with the recovery code: 12 characters from an
alphabet with no look-alikes, shown once when it is issued and kept, like the
PIN, only as a salted scrypt hash.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass

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


#: The recovery code's letters: no 0/O, 1/I/L, 5/S, 2/Z or 8/B to mix up when copied by hand.
RECOVERY_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
RECOVERY_LENGTH = 12


def _derive(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode("ascii"), salt=salt, n=n, r=r, p=p, dklen=32)


def _hash(secret: str, salt: bytes | None) -> str:
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = _derive(secret, salt, _N, _R, _P)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """The stored form: ``scrypt$n$r$p$salt$hash`` (hex). Never the PIN itself."""
    check_pin(pin)
    return _hash(pin, salt)


def new_recovery_code() -> str:
    """A fresh recovery code, e.g. ``QX7C-MT4W-HAPK``: 12 random letters and digits."""
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, RECOVERY_LENGTH, 4))


def normal_recovery_code(text: str) -> str:
    """The code as typed, without spaces or dashes and in capitals."""
    return "".join(ch for ch in text.upper() if ch not in " -\t")


def hash_recovery_code(code: str) -> str:
    return _hash(normal_recovery_code(code), None)


def verify_recovery_code(code: str, stored: str) -> bool:
    typed = normal_recovery_code(code)
    if len(typed) != RECOVERY_LENGTH or any(ch not in RECOVERY_ALPHABET for ch in typed):
        return False
    return verify_pin(typed, stored)


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


@dataclass(frozen=True)
class Lockout:
    """What the gate keeps between runs: wrong tries in a row, and when a wait ends."""

    wrong: int = 0
    until: float | None = None


class PinGate:
    """Counts wrong tries; after ``max_tries`` in a row, refuses all tries for a while."""

    def __init__(self, stored_hash: str | None, clock: Callable[[], float], *,
                 max_tries: int = MAX_TRIES, lockout: float = LOCKOUT_SECONDS,
                 state: Lockout | None = None,
                 save: Callable[[Lockout], None] | None = None) -> None:
        self.stored_hash = stored_hash
        self.clock = clock
        self.max_tries = max_tries
        self.lockout = lockout
        state = state or Lockout()
        self.wrong = max(0, state.wrong)
        self.locked_until: float | None = state.until
        self._save = save

    @property
    def state(self) -> Lockout:
        return Lockout(self.wrong, self.locked_until)

    def wait_left(self) -> float:
        """Seconds before another try is allowed (0 when a try is allowed now)."""
        if self.locked_until is None:
            return 0.0
        now = self.clock()
        left = self.locked_until - now
        if left > self.lockout:  # the clock went back: never wait longer than a lockout
            self.locked_until = now + self.lockout
            left = self.lockout
        if left <= 0:
            self.locked_until = None
            self.wrong = 0
            return 0.0
        return left

    def attempt(self, pin: str) -> bool:
        """Try a PIN. Raises ValidationError while locked out or when no PIN is set."""
        before = self.state
        left = self.wait_left()
        if left > 0:
            raise ValidationError(
                f"Too many wrong tries. Please wait {int(left + 0.999)} seconds, then try again."
            )
        if not self.stored_hash:
            raise ValidationError("No facilitator PIN is set.")
        ok = verify_pin(pin, self.stored_hash)
        if ok:
            self.wrong = 0
        else:
            self.wrong += 1
            if self.wrong >= self.max_tries:
                self.locked_until = self.clock() + self.lockout
        if self._save is not None and self.state != before:
            self._save(self.state)
        return ok

    @property
    def tries_left(self) -> int:
        return max(0, self.max_tries - self.wrong)
