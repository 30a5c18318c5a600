"""Settings layers: defaults < config file < environment < command line."""
from __future__ import annotations

import dataclasses

import pytest

from corpus_builder.settings import ConfigError, Settings, load_settings


def test_defaults():
    s = load_settings(environ={})
    assert s == Settings() and s.crawl.delay == 1.0


def test_layers_in_order(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[crawl]\ndelay = 2.5\ntimeout = 9\n[build]\nworkers = 3\n")
    env = {"CORPUS_BUILDER_CRAWL_TIMEOUT": "7", "CORPUS_BUILDER_BUILD_WORKERS": "5"}
    s = load_settings(cfg, cli={"build": {"workers": 1, "lang": None}}, environ=env)
    assert s.crawl.delay == 2.5  # file
    assert s.crawl.timeout == 7.0  # env over file
    assert s.build.workers == 1  # cli over env
    assert s.build.lang == "auto"  # None on the command line = not given


def test_settings_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Settings().crawl.delay = 3  # type: ignore[misc]


@pytest.mark.parametrize("content,message", [
    ("[crawl\n", "not valid TOML"),
    ("[nope]\nx = 1\n", "unknown section"),
    ("[crawl]\ndelai = 1\n", "unknown setting 'delai'"),
    ("[crawl]\ndelay = 'soon'\n", "expected float"),
    ("crawl = 3\n", "must be a table"),
])
def test_malformed_config_is_a_clear_error(tmp_path, content, message):
    cfg = tmp_path / "bad.toml"
    cfg.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_settings(cfg, environ={})


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "none.toml", environ={})


def test_bad_environment_value():
    with pytest.raises(ConfigError, match="environment"):
        load_settings(environ={"CORPUS_BUILDER_BUILD_WORKERS": "many"})
