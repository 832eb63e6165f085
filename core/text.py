import re
import unicodedata

_SPACES = re.compile(r"[\s\u3000·•.]+")


def normalize_name(value: str) -> str:
    """Fold full/half width, case and spacing so 「王 建国」 matches 「王建国」."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", value or "")).lower()
