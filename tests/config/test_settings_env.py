import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import envbool, envfloat, envint, envlist, envurl


def test_it_reads_booleans_and_rejects_anything_else(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert envbool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "0")
    assert envbool("FLAG", True) is False
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG='maybe' is not a boolean"):
        envbool("FLAG", False)
    monkeypatch.delenv("FLAG")
    assert envbool("FLAG", True) is True


def test_it_reads_numbers_with_minimums(monkeypatch):
    monkeypatch.setenv("N", "12")
    assert envint("N", 1) == 12
    monkeypatch.setenv("N", "twelve")
    with pytest.raises(ImproperlyConfigured, match="N='twelve' is not an integer"):
        envint("N", 1)
    monkeypatch.setenv("N", "-1")
    with pytest.raises(ImproperlyConfigured, match="below the minimum"):
        envint("N", 1, minimum=0)
    monkeypatch.setenv("DELAY", "0.5")
    assert envfloat("DELAY", 3.0, minimum=0.0) == 0.5
    monkeypatch.setenv("DELAY", "soon")
    with pytest.raises(ImproperlyConfigured, match="DELAY='soon' is not a number"):
        envfloat("DELAY", 3.0)


def test_it_reads_lists_and_urls(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example , b.example,,")
    assert envlist("HOSTS", []) == ["a.example", "b.example"]
    monkeypatch.setenv("DATABASE_URL", "mysql://x@y/z")
    with pytest.raises(ImproperlyConfigured, match="must start with one of postgres://"):
        envurl("DATABASE_URL", ("postgres", "postgresql"))
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h:5432/db")
    assert envurl("DATABASE_URL", ("postgres",)) == "postgres://u@h:5432/db"
    monkeypatch.delenv("DATABASE_URL")
    assert envurl("DATABASE_URL", ("postgres",)) == ""
