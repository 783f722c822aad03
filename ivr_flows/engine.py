"""Nodes and turns: what a digit or a word leads to, whatever the channel.

A node is a function `(Context) -> Turn`. A Turn lists the prompts to say
and what comes next: input for another node, a recording, a live call, or the
end. voice.py and sms.py render a Turn; the domain packages register nodes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ivr_flows.sessions import DialogSession, update_state

URGENT_DIGIT = "9"  # urgent help at every menu of every flow (CONTRACT.md)


@dataclass(frozen=True)
class Prompt:
    key: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Expect:
    """Input a node waits for. Voice: one digit, or digits ended by `#`."""

    node: str
    finish_on_key: str | None = None  # "#" for codes; None means a single digit
    max_digits: int = 1


@dataclass(frozen=True)
class Dial:
    numbers: tuple[str, ...]
    screen_url: str | None = None  # played to the callee first (<Number url=...>)
    timeout: int = 20
    after: str | None = None  # node that runs when the dial ends
    # Shown on the phones that ring. Twilio's default is the caller's own number, which must
    # not reach every phone of a tier: the hotline's number instead.
    caller_id: str | None = None


@dataclass(frozen=True)
class Turn:
    prompts: tuple[Prompt, ...] = ()
    expect: Expect | None = None
    record: str | None = None  # voice: node that receives the recording
    dial: Dial | None = None
    reject: bool = False  # voice: <Reject reason="busy">, costs the caller nothing
    silent: bool = False  # SMS: send no reply at all

    @staticmethod
    def say(*keys: str | Prompt, **kwargs) -> "Turn":
        prompts = tuple(k if isinstance(k, Prompt) else Prompt(k) for k in keys)
        return Turn(prompts=prompts, **kwargs)


@dataclass
class Context:
    channel: str  # "sms" or "voice"
    phone: str
    resident: object  # hotline.residents.models.Resident
    session: DialogSession
    input: str = ""
    params: dict = field(default_factory=dict)  # the webhook's form (RecordingUrl, CallSid...)

    @property
    def lang(self) -> str:
        return self.session.state.get("lang") or self.resident.language

    def remember(self, **values) -> None:
        update_state(self.session, **values)


NodeFn = Callable[[Context], Turn]
NODES: dict[str, NodeFn] = {}


def node(name: str) -> Callable[[NodeFn], NodeFn]:
    def register(fn: NodeFn) -> NodeFn:
        NODES[name] = fn
        return fn
    return register


@dataclass(frozen=True)
class Menu:
    """A menu as data: a prompt and the node each digit leads to."""

    name: str
    prompt: str
    options: dict[str, str]
    before: tuple[str, ...] = ()  # prompts said first (e.g. a confirmation)

    def show(self, *extra: Prompt | str) -> Turn:
        prompts = tuple(p if isinstance(p, Prompt) else Prompt(p) for p in extra)
        return Turn(prompts=prompts + (Prompt(self.prompt),), expect=Expect(node=f"menu:{self.name}"))


MENUS: dict[str, Menu] = {}


def menu(name: str, prompt: str, options: dict[str, str]) -> Menu:
    MENUS[name] = Menu(name=name, prompt=prompt, options=options)
    return MENUS[name]


def run(node_name: str, ctx: Context) -> Turn:
    """Answer input addressed to `node_name`: a menu choice or a node's own input."""
    if ctx.input.strip() == URGENT_DIGIT and "urgent" in NODES:
        return NODES["urgent"](ctx)
    if node_name.startswith("menu:"):
        return choose(MENUS[node_name[5:]], ctx)
    return NODES[node_name](ctx)


def choose(chosen_menu: Menu, ctx: Context) -> Turn:
    target = chosen_menu.options.get(ctx.input.strip())
    if target is None:
        return chosen_menu.show("invalid_choice")
    ctx.input = ""
    return enter(target, ctx)


def enter(target: str, ctx: Context) -> Turn:
    """Go to a node or show a menu, as an option's target names it."""
    if target.startswith("menu:"):
        return MENUS[target[5:]].show()
    return NODES[target](ctx)


def known(node_name: str) -> bool:
    if node_name.startswith("menu:"):
        return node_name[5:] in MENUS
    return node_name in NODES
