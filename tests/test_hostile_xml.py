"""Hostile XML against :mod:`lexpub.xmlsafe`: external entities (XXE), entity bombs, DTDs, network
references and broken XML are refused with a located error, and nothing outside is ever read."""

from __future__ import annotations

from pathlib import Path

import pytest

from lexpub.errors import SourceError
from lexpub.xmlsafe import parse_bytes


def refused(data: bytes) -> str:
    with pytest.raises(SourceError) as info:
        parse_bytes(data, "in.xml")
    (issue,) = info.value.issues
    return str(issue)


def test_xxe_file_entity_is_refused_and_never_read(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    data = (f'<?xml version="1.0"?>\n<!DOCTYPE akn [<!ENTITY e SYSTEM "{secret.as_uri()}">]>\n<akn>&e;</akn>').encode()
    message = refused(data)
    assert message == "in.xml:2:1: error[xml-dtd]: a DOCTYPE (DTD or entities) is not allowed"
    assert "TOP-SECRET" not in message


def test_billion_laughs_is_refused():
    lol = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    data = ("<?xml version='1.0'?><!DOCTYPE lolz [" + "".join(lol) + "]><lolz>&lol9;</lolz>").encode()
    message = refused(data)  # libxml2 itself may stop the amplification first; either way: refused
    assert message.startswith(("in.xml:1:22: error[xml-dtd]", "in.xml:1:7: error[xml-syntax]: Maximum entity")), message


def test_external_dtd_over_the_network_is_refused():
    data = b'<!DOCTYPE akn SYSTEM "http://example.invalid/evil.dtd">\n<akn/>'
    assert refused(data) == "in.xml:1:1: error[xml-dtd]: a DOCTYPE (DTD or entities) is not allowed"


def test_parameter_entity_is_refused():
    data = b'<!DOCTYPE a [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]><a/>'
    assert "error[xml-dtd]" in refused(data) or "error[xml-syntax]" in refused(data)


def test_undeclared_entity_is_a_located_syntax_error():
    assert (
        refused(b"<a>\n  <b>&e;</b>\n</a>") == "in.xml:2:9: error[xml-syntax]: Entity 'e' not defined, line 2, column 9"
    )


def test_broken_xml_is_located():
    assert refused(b"<a>\n<b></a>").startswith("in.xml:2:")


def test_xinclude_is_not_processed(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    data = (
        f'<a xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="{secret.as_uri()}" parse="text"/></a>'
    ).encode()
    root = parse_bytes(data, "in.xml")
    from lxml import etree

    assert b"TOP-SECRET" not in etree.tostring(root)


def test_ordinary_xml_parses():
    root = parse_bytes("<akn><p>Қазақстан &amp; «тармақ»</p></akn>".encode(), "in.xml")
    assert root.findtext("p") == "Қазақстан & «тармақ»"
