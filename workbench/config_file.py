"""Reading a config file: plain YAML, validated against the schema in ``config`` on
its node tree, so that every complaint names the file and line.

Apart from ``config`` because only reading a file needs YAML (about 30 ms to import):
a command run without a config file, the demo among them, never imports it.
"""

from __future__ import annotations

import dataclasses
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

from .claims.review_order import ORDERS
from .config import (
    DEFAULT_SCALE,
    MAX_DEPTH,
    Config,
    MatchingSettings,
    Organisation,
    ReviewSettings,
    VerdictLabel,
    label_key,
)
from .corpus.rerank import RANKERS
from .errors import ConfigError
from .json_lines import has_lone_surrogate
from .key_bindings import binding_table, find_key_clash, split_keys


def parse_yaml(text: str, origin: str) -> Config:
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
        in_scale = {label_key(e.label) for e in scale}
        not_worth = tuple(x for x in Config.not_worth_checking if label_key(x) in in_scale)
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
        known = {label_key(e.label): e.label for e in scale}
        labels: list[str] = []
        for item in node.value:
            label = self.text(item, f"a label in {where}")
            assert label is not None
            if label_key(label) not in known:
                raise self.fail(item, f"{where}: {label!r} is not a label of the scale")
            labels.append(known[label_key(label)])
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
            if label_key(label) in labels:
                raise self.fail(fields["label"], f"label {label!r} appears twice in the scale")
            if key in keys:
                raise self.fail(
                    fields["key"],
                    f"duplicate key binding: {key!r} is bound to both {keys[key]!r} and {label!r}",
                )
            labels[label_key(label)] = label
            keys[key] = label
            entries.append(VerdictLabel(label=label, key=key, colour=colour, rating=rating))
        return tuple(entries)


def _full_hex(colour: str) -> str:
    """``#rgb`` written out as ``#rrggbb``, which every reader of colours understands
    (CSS and Textual take the short form; Rich, which draws the verdicts, does not)."""
    digits = colour[1:]
    if colour.startswith("#") and len(digits) == 3 and all(c in _HEX for c in digits):
        return "#" + "".join(c * 2 for c in digits)
    return colour


_HEX = frozenset("0123456789abcdefABCDEF")
