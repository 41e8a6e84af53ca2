"""Settings from YAML: the verdict scale, the default reviewer, the organisation.

One declared schema (the dataclasses below) is the only truth about what a config file
may hold.  A file is validated strictly, so a typo never silently falls back to a
default: an unknown key, a duplicate key binding, a missing field or a YAML syntax error
is refused with the file, line and reason.

Where the settings come from: ``--config FILE``, else ``workbench.yaml`` beside the
database, else the built-in defaults.
"""

from __future__ import annotations

import dataclasses
import getpass
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rich.color import Color, ColorParseError
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    NodeEvent,
    ScalarEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from review_db.validation import label_problem, reviewer_problem

from .claims.review_order import ORDERS, ReviewOrder
from .corpus.rerank import DEFAULT_MIN_SCORE, RANKERS
from .errors import ConfigError, InputError
from .json_lines import has_lone_surrogate
from .key_bindings import binding_table, find_key_clash, split_keys
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
        wanted = _label_key(given)
        for entry in self.scale:
            if _label_key(entry.label) == wanted or entry.key == given.strip():
                return entry
        valid = ", ".join(f"{e.label!r} ({e.key})" for e in self.scale)
        raise ConfigError(f"unknown verdict label {given!r}; valid labels: {valid}")

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
        header = f"# workbench configuration (effective; from {self.origin})\n"
        return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def _label_key(text: str) -> str:
    return " ".join(text.replace("-", " ").replace("_", " ").split()).casefold()


def _full_hex(colour: str) -> str:
    """``#rgb`` written out as ``#rrggbb``, which every reader of colours understands
    (CSS and Textual take the short form; Rich, which draws the verdicts, does not)."""
    digits = colour[1:]
    if colour.startswith("#") and len(digits) == 3 and all(c in _HEX for c in digits):
        return "#" + "".join(c * 2 for c in digits)
    return colour


_HEX = frozenset("0123456789abcdefABCDEF")


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
    """Validate YAML text against the schema; errors carry ``origin:line: reason``.

    Only plain YAML is accepted: scalars, mappings and lists, nested at most
    ``MAX_DEPTH`` deep.  Tags (``!!bool``, ``!!python/object``), anchors, aliases and
    merge keys (``<<``) are refused: the schema needs none of them, and they are how a
    YAML file makes a loader build objects, loop or explode.
    """
    try:
        _refuse_beyond_plain_yaml(text, origin)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 1
        where = ""
        if e.context and e.context_mark and e.context_mark.line + 1 != line:
            where = f" ({e.context}, which starts on line {e.context_mark.line + 1})"
        raise ConfigError(f"{origin}:{line}: YAML syntax error: {e.problem or e}{where}") from None
    except yaml.YAMLError as e:
        raise ConfigError(f"{origin}: YAML error: {e}") from None
    if root is None:  # an empty file: every default applies
        return Config(origin=origin)
    return _Validator(origin).config(root)


def _refuse_beyond_plain_yaml(text: str, origin: str) -> None:
    """Refuse tags, anchors, aliases, merge keys and deep nesting, with file and line.

    Runs over the parser's events, which PyYAML produces without recursion, so a file
    nested thousands deep is refused before the recursive composer ever sees it.
    """
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        problem = None
        if isinstance(event, AliasEvent):
            problem = f"alias *{event.anchor} is not allowed (write the value out)"
        elif isinstance(event, NodeEvent) and event.anchor is not None:
            problem = f"anchor &{event.anchor} is not allowed (write the value out)"
        elif isinstance(event, ScalarEvent | CollectionStartEvent) and event.tag is not None:
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            problem = f"tag {tag} is not allowed (plain values only)"
        elif isinstance(event, ScalarEvent) and event.value == "<<" and event.style is None:
            problem = "merge key << is not allowed (write the keys out)"
        elif isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                problem = f"nested more than {MAX_DEPTH} deep"
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
        if problem is not None:
            line = event.start_mark.line + 1 if event.start_mark else 1
            raise ConfigError(f"{origin}:{line}: {problem}")


class _Validator:
    """Walks the YAML node tree so every complaint can name its line."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self._constructor = SafeConstructor()

    def fail(self, node: Node, reason: str) -> ConfigError:
        return ConfigError(f"{self.origin}:{node.start_mark.line + 1}: {reason}")

    def mapping(self, node: Node, where: str, allowed: tuple[str, ...]) -> dict[str, Node]:
        if not isinstance(node, MappingNode):
            raise self.fail(node, f"{where} must be a mapping of keys to values")
        found: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if key not in allowed:
                raise self.fail(
                    key_node,
                    f"unknown key {key!r} in {where} (expected one of: {', '.join(allowed)})",
                )
            if key in found:
                raise self.fail(key_node, f"duplicate key {key!r} in {where}")
            found[key] = value_node
        return found

    def value(self, node: Node, where: str) -> Any:
        """The value of a plain scalar: text, a number, a boolean or null.

        A plain scalar can still look like a value Python cannot build (a 5,000-digit
        number, the date 2020-99-99): that is refused with its line, not raised.
        """
        if not isinstance(node, ScalarNode):
            raise self.fail(node, f"{where} must be a single value, not a list or mapping")
        try:
            return self._constructor.construct_object(node, deep=True)
        except (ValueError, KeyError, TypeError, OverflowError, yaml.YAMLError):
            shown = node.value if len(node.value) <= 40 else node.value[:40] + "…"
            raise self.fail(node, f"{where}: cannot read the value {shown!r}") from None

    def text(self, node: Node, where: str, *, optional: bool = False) -> str | None:
        value = self.value(node, where)
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            hint = " (quote it, e.g. 'True')" if isinstance(value, bool) else ""
            raise self.fail(node, f"{where} must be text{hint}")
        result = str(value).strip()
        if has_lone_surrogate(result):  # a "\ud800" escape in a quoted string
            raise self.fail(node, f"{where} holds a lone surrogate escape, which is not text")
        if not result:
            raise self.fail(node, f"{where} must not be empty")
        return result

    def config(self, root: Node) -> Config:
        fields = self.mapping(
            root,
            "the configuration",
            (
                "reviewer",
                "organisation",
                "scale",
                "keys",
                "not_worth_checking",
                "hub",
                "matching",
                "review",
            ),
        )
        reviewer = None
        if "reviewer" in fields:
            reviewer = self.text(fields["reviewer"], "reviewer", optional=True)
            problem = reviewer_problem(reviewer) if reviewer is not None else None
            if problem is not None:
                raise self.fail(fields["reviewer"], f"reviewer name {problem}")
        organisation = Organisation()
        if "organisation" in fields:
            organisation = self.organisation(fields["organisation"])
        scale = DEFAULT_SCALE
        if "scale" in fields:
            scale = self.scale(fields["scale"])
        keys = self.keys(fields["keys"], scale) if "keys" in fields else {}
        # The default names the default scale's label; a custom scale may not have it.
        in_scale = {_label_key(e.label) for e in scale}
        not_worth = tuple(x for x in Config.not_worth_checking if _label_key(x) in in_scale)
        if "not_worth_checking" in fields:
            not_worth = self.labels_of(fields["not_worth_checking"], scale, "not_worth_checking")
        hub_url = None
        if "hub" in fields:
            hub = self.mapping(fields["hub"], "hub", ("url",))
            hub_url = self.text(hub["url"], "hub.url", optional=True) if "url" in hub else None
        matching = self.matching(fields["matching"]) if "matching" in fields else None
        review = self.review(fields["review"]) if "review" in fields else ReviewSettings()
        return Config(
            scale=scale,
            reviewer=reviewer,
            organisation=organisation,
            keys=keys,
            not_worth_checking=not_worth,
            hub_url=hub_url,
            matching=matching or MatchingSettings(),
            review=review,
            origin=self.origin,
        )

    def labels_of(self, node: Node, scale: tuple[VerdictLabel, ...], where: str) -> tuple[str, ...]:
        """A list of verdict labels, each one of the scale's."""
        if not isinstance(node, SequenceNode):
            raise self.fail(node, f"{where} must be a list of verdict labels")
        known = {_label_key(e.label): e.label for e in scale}
        labels: list[str] = []
        for item in node.value:
            label = self.text(item, f"a label in {where}")
            assert label is not None
            if _label_key(label) not in known:
                raise self.fail(item, f"{where}: {label!r} is not a label of the scale")
            labels.append(known[_label_key(label)])
        return tuple(labels)

    def keys(self, node: Node, scale: tuple[VerdictLabel, ...]) -> dict[str, str]:
        """Remapped TUI keys: binding id -> key (e.g. ``next-claim: l``).

        An id no screen has, and a key that would run two actions on one screen (with
        the keys not remapped, the app's and the scale's included), are refused with the
        line: a typo would otherwise leave the old key working and the new one dead.
        """
        if not isinstance(node, MappingNode):
            raise self.fail(node, "keys must map binding ids to keys, e.g. 'next-claim: l'")
        table = binding_table([entry.key for entry in scale])
        keys: dict[str, str] = {}
        lines: dict[str, Node] = {}
        for key_node, value_node in node.value:
            binding = self.text(key_node, "a binding id in keys")
            key = self.text(value_node, f"the key for {binding}")
            assert binding is not None and key is not None
            if binding in keys:
                raise self.fail(key_node, f"duplicate key {binding!r} in keys")
            if binding not in table:
                raise self.fail(
                    key_node,
                    f"unknown binding id {binding!r} in keys (the ids are listed under "
                    "'The review TUI' in the README; `workbench review`'s ? shows them)",
                )
            if not split_keys(key):
                raise self.fail(value_node, f"the key for {binding} must name a key")
            keys[binding] = key
            lines[binding] = value_node
        clash = find_key_clash(table, keys)
        if clash is not None:
            raise self.fail(
                lines[clash.remapped],
                f"key {clash.key!r} would be bound to both {clash.remapped!r} and "
                f"{clash.other!r} on {clash.screen}",
            )
        return keys

    def matching(self, node: Node) -> MatchingSettings:
        fields = self.mapping(node, "matching", ("min_score", "ranker"))
        settings = MatchingSettings()
        if "min_score" in fields:
            value = self.value(fields["min_score"], "matching.min_score")
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not 0 <= value <= 100
            ):
                raise self.fail(fields["min_score"], "matching.min_score must be a number 0..100")
            settings = dataclasses.replace(settings, min_score=float(value))
        if "ranker" in fields:
            ranker = self.text(fields["ranker"], "matching.ranker")
            if ranker not in RANKERS:
                raise self.fail(
                    fields["ranker"], f"matching.ranker must be one of: {', '.join(RANKERS)}"
                )
            settings = dataclasses.replace(settings, ranker=ranker)
        return settings

    def review(self, node: Node) -> ReviewSettings:
        fields = self.mapping(node, "review", ("order",))
        if "order" not in fields:
            return ReviewSettings()
        order = self.text(fields["order"], "review.order")
        for known in ORDERS:
            if order == known:
                return ReviewSettings(order=known)
        raise self.fail(fields["order"], f"review.order must be one of: {', '.join(ORDERS)}")

    def organisation(self, node: Node) -> Organisation:
        names = tuple(f.name for f in dataclasses.fields(Organisation))
        fields = self.mapping(node, "organisation", names)
        values: dict[str, str | None] = {}
        for name, value_node in fields.items():
            values[name] = self.text(value_node, f"organisation.{name}", optional=name != "name")
        return Organisation(**values)  # type: ignore[arg-type]

    def scale(self, node: Node) -> tuple[VerdictLabel, ...]:
        if not isinstance(node, SequenceNode) or not node.value:
            raise self.fail(node, "scale must be a non-empty list of labels")
        names = tuple(f.name for f in dataclasses.fields(VerdictLabel))
        entries: list[VerdictLabel] = []
        labels: dict[str, str] = {}
        keys: dict[str, str] = {}
        for position, item in enumerate(node.value, start=1):
            where = f"scale item {position}"
            fields = self.mapping(item, where, names)
            missing = [name for name in names if name not in fields]
            if missing:
                raise self.fail(item, f"{where} is missing {', '.join(map(repr, missing))}")
            label = self.text(fields["label"], f"{where} label")
            key = self.text(fields["key"], f"{where} key")
            colour = self.text(fields["colour"], f"{where} colour")
            assert label is not None and key is not None and colour is not None
            # A label the review log would refuse to record is refused here, up front.
            problem = label_problem(label)
            if problem is not None:
                raise self.fail(fields["label"], f"{where} label {problem}")
            if any(ch.isspace() for ch in key):
                raise self.fail(fields["key"], f"{where} key {key!r} must not contain spaces")
            colour = _full_hex(colour)
            try:
                Color.parse(colour)
            except ColorParseError:
                raise self.fail(
                    fields["colour"], f"{where} colour {colour!r} is not a colour (try '#2f9e44')"
                ) from None
            rating = self.value(fields["rating"], f"{where} rating")
            if rating is not None and (isinstance(rating, bool) or not isinstance(rating, int)):
                raise self.fail(fields["rating"], f"{where} rating must be a whole number or null")
            if _label_key(label) in labels:
                raise self.fail(fields["label"], f"label {label!r} appears twice in the scale")
            if key in keys:
                raise self.fail(
                    fields["key"],
                    f"duplicate key binding: {key!r} is bound to both {keys[key]!r} and {label!r}",
                )
            labels[_label_key(label)] = label
            keys[key] = label
            entries.append(VerdictLabel(label=label, key=key, colour=colour, rating=rating))
        return tuple(entries)
