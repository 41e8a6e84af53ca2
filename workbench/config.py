"""Settings from YAML: the verdict scale, the default reviewer, the organisation.

One declared schema (the dataclasses below) is the only truth about what a config file
may hold.  A file is validated strictly, so a typo never silently falls back to a
default: an unknown key, a duplicate key binding, a missing field or a YAML syntax error
is refused with the file, line and reason.

Where the settings come from: ``--config FILE``, else ``workbench.yaml`` beside the
database, else the built-in defaults.  A file is read and validated by ``config_file``.
"""

from __future__ import annotations

import dataclasses
import getpass
import os
from dataclasses import dataclass, field
from pathlib import Path

from .claims.review_order import ReviewOrder
from .corpus.rerank import DEFAULT_MIN_SCORE
from .errors import ConfigError, InputError
from .read_limits import os_text, read_file_limited

CONFIG_FILENAME = "workbench.yaml"
MAX_CONFIG_BYTES = 1024 * 1024  # a config is a few hundred bytes; no reason to read more
MAX_DEPTH = 8  # the schema nests three deep (scale, item, field)


@dataclass(frozen=True)
class VerdictLabel:
    """One step of the verdict scale."""

    label: str
    key: str
    colour: str
    rating: int | None  # ClaimReview ratingValue; None where no rating applies


@dataclass(frozen=True)
class Organisation:
    """Who publishes the reviews, for report headers and ClaimReview ``author``."""

    name: str = "Fact-check desk"
    url: str | None = None
    review_base_url: str | None = None  # where published reviews live, for ClaimReview url


DEFAULT_SCALE: tuple[VerdictLabel, ...] = (
    VerdictLabel("True", "1", "#2f9e44", 5),
    VerdictLabel("Mostly true", "2", "#82c91e", 4),
    VerdictLabel("Mixed", "3", "#f59f00", 3),
    VerdictLabel("Mostly false", "4", "#f76707", 2),
    VerdictLabel("False", "5", "#e03131", 1),
    VerdictLabel("Unverifiable", "6", "#868e96", None),
    VerdictLabel("Not a claim", "7", "#4c6ef5", None),
)


@dataclass(frozen=True)
class MatchingSettings:
    """How matches are shown: passages scoring below ``min_score`` (0..100, the
    probability in percent that a passage is evidence) are left out; ``ranker`` picks
    the re-rank ("lexical", or "semantic" with ``pip install 'workbench[semantic]'``)."""

    min_score: float = DEFAULT_MIN_SCORE
    ranker: str = "lexical"  # or "semantic", with the optional extra


@dataclass(frozen=True)
class ReviewSettings:
    """How the review screen goes through an article: claims and quotes first, in
    ``order`` "article" or "worthiness" (highest first); a key switches for a session."""

    order: ReviewOrder = "article"


@dataclass(frozen=True)
class Config:
    """The effective settings."""

    scale: tuple[VerdictLabel, ...] = DEFAULT_SCALE
    reviewer: str | None = None
    organisation: Organisation = field(default_factory=Organisation)
    keys: dict[str, str] = field(default_factory=dict)  # TUI binding id -> key(s)
    # Verdicts that teach `worthiness train` a claim was not worth checking; every other
    # verdict counts as worth checking.
    not_worth_checking: tuple[str, ...] = ("Not a claim",)
    hub_url: str | None = None  # the team hub to sync with (``hub: {url: ...}``)
    matching: MatchingSettings = field(default_factory=MatchingSettings)
    review: ReviewSettings = field(default_factory=ReviewSettings)
    origin: str = "built-in defaults"  # the file these came from, for messages

    def find_label(self, given: str) -> VerdictLabel:
        """The scale entry a user meant by ``given``: a label (any case, '-' or '_' for
        spaces) or its key.

        Raises:
            ConfigError: no label matches; the message lists the valid ones.
        """
        wanted = label_key(given)
        for entry in self.scale:
            if label_key(entry.label) == wanted or entry.key == given.strip():
                return entry
        valid = ", ".join(f"{e.label!r} ({e.key})" for e in self.scale)
        raise ConfigError(f"unknown verdict label {given!r}; valid labels: {valid}")

    def hub(self, given: str | None = None) -> str | None:
        """The hub to sync with: ``given`` (``--hub``), else ``$WORKBENCH_HUB``, else
        ``hub.url``; None when none is set.  One order for the commands and the TUI."""
        url = (given or os.environ.get("WORKBENCH_HUB") or self.hub_url or "").strip()
        return url or None

    def default_reviewer(self) -> str:
        """The configured reviewer, else the operating-system user name."""
        if self.reviewer:
            return self.reviewer
        try:
            return os_text(getpass.getuser())  # $USER may hold bytes that are not UTF-8
        except (KeyError, OSError):  # no user name in a bare container
            return "reviewer"

    def to_yaml(self) -> str:
        """The settings as a YAML file a team can start from."""
        data = {
            "reviewer": self.reviewer,
            "organisation": dataclasses.asdict(self.organisation),
            "scale": [dataclasses.asdict(entry) for entry in self.scale],
            "keys": dict(self.keys),
            "not_worth_checking": list(self.not_worth_checking),
            "hub": {"url": self.hub_url},
            "matching": dataclasses.asdict(self.matching),
            "review": dataclasses.asdict(self.review),
        }
        import yaml  # here: a command that writes no config does without YAML (30 ms)

        header = f"# workbench configuration (effective; from {self.origin})\n"
        return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def label_key(text: str) -> str:
    """A verdict label as compared: case, hyphens, underscores and spacing aside."""
    return " ".join(text.replace("-", " ").replace("_", " ").split()).casefold()


def find_config(config_path: str | Path | None, db_path: str | Path) -> Path | None:
    """The config file that applies: the one given, else one beside the database."""
    if config_path is not None:
        return Path(config_path)
    beside = Path(db_path).resolve().parent / CONFIG_FILENAME
    return beside if beside.is_file() else None


def load_config(path: Path | None) -> Config:
    """Read and validate a config file; ``None`` gives the built-in defaults.

    Raises:
        ConfigError: the file is missing, not a regular file, too large, not UTF-8, or
            not a valid configuration (see ``parse_config``).
    """
    if path is None:
        return Config()
    try:
        data = read_file_limited(path, MAX_CONFIG_BYTES, "config file")
    except InputError as e:
        raise ConfigError(e.message) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{os_text(path)}: not UTF-8 text") from None
    return parse_config(text, os_text(path))


def parse_config(text: str, origin: str) -> Config:
    """Validate YAML text against the schema (``config_file``); errors carry
    ``origin:line: reason``."""
    from .config_file import parse_yaml  # here: without a config file, no YAML to import

    return parse_yaml(text, origin)
