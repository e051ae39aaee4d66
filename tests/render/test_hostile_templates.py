"""Hostile template input: a missing variable fails (never renders blank), user text is escaped, and
templates the legal department supplies (citizen documents) run in Jinja2's sandbox.

Covers every Jinja2 environment of the project: the shared one (:mod:`lexpub.render.env`), the
documents' sandbox (:mod:`lexpub.documents`) and the diff's (:mod:`lexpub.diff.io`).
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from jinja2 import Environment, UndefinedError
from jinja2.sandbox import SecurityError

from lexpub.errors import LexpubError

ROOT = Path(__file__).resolve().parents[2]
ENV_FACTORIES = [
    "lexpub.render.env:environment",
    "lexpub.services.documents.document:environment",
    "lexpub.diff.template:environment",
]
SCRIPT = '<script>alert("x")</script> & «Қ»'


def env_of(spec: str) -> Environment:
    module, _, name = spec.partition(":")
    try:
        mod = importlib.import_module(module)
    except ImportError:  # pragma: no cover - the module of another helper is not there yet
        pytest.skip(f"{module} does not exist yet")
    env: Environment = getattr(mod, name)()
    return env


@pytest.fixture(params=ENV_FACTORIES)
def env(request: pytest.FixtureRequest) -> Environment:
    return env_of(request.param)


@pytest.mark.parametrize(
    "source",
    [
        "{{ missing }}",
        "Азамат {{ person.name }} туған",
        "{{ person.name.upper() }}",
        "{% for row in rows %}{{ row }}{% endfor %}",
        "{% if missing %}x{% endif %}",
        "{{ missing ~ '' }}",
        "{{ person['iin'] }}",
    ],
)
def test_missing_variable_fails_never_blank(env: Environment, source: str):
    with pytest.raises(UndefinedError):
        env.from_string(source).render(person={})


def test_user_text_is_escaped(env: Environment):
    out = env.from_string("<p>{{ name }}</p>").render(name=SCRIPT)
    assert out == "<p>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; «Қ»</p>"


def test_missing_message_key_fails(env: Environment):
    if "t" not in env.globals:
        pytest.skip("this environment has no t() global")
    with pytest.raises(LexpubError, match=r"error\[i18n-missing\]"):
        env.from_string("{{ t('kaz', 'no.such.key.anywhere') }}").render()


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ t.__globals__ }}",
        "{{ cycler.__init__.__globals__.os }}",
        "{{ [].append(1) }}",
        "{{ {}.update(a=1) }}",
    ],
)
def test_documents_sandbox_refuses_code(source: str):
    """Citizen-document templates come from the legal department: no attribute tricks, no mutation."""
    env = env_of("lexpub.services.documents.document:environment")
    with pytest.raises((SecurityError, UndefinedError)):
        env.from_string(source).render()


def test_real_templates_compile():
    """Every template under templates/ parses in the shared environment (a syntax error is a failure)."""
    env = env_of("lexpub.render.env:environment")
    names = [n for n in env.list_templates() if n.endswith((".html", ".j2", ".xml", ".txt"))]
    assert names
    for name in names:
        env.get_template(name)


def test_real_templates_refuse_an_empty_context():
    """A page or document rendered without its values fails instead of printing blanks."""
    env = env_of("lexpub.render.env:environment")
    names = [
        n for n in env.list_templates() if n.endswith((".html", ".j2")) and "{{" in env.loader.get_source(env, n)[0]
    ]
    assert names
    for name in names:
        try:
            out = env.get_template(name).render()
        except (UndefinedError, LexpubError, TypeError):
            continue
        assert out.strip() == "", f"{name} rendered without values"  # only a macro library prints nothing
