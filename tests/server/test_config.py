"""Config errors name the file, the key and the fix."""

from pathlib import Path

import pytest

from server.config import load_config
from server.errors import ConfigError

SAMPLE = (Path(__file__).parents[2] / "server" / "sample_office.toml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "office.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_sample_office_loads(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, SAMPLE))
    assert [c.services for c in config.office.counters][:2] == [("B", "A"), ("A", "B")]
    assert config.office.service("C").mean_service_s == 14 * 60
    assert len(config.office.priority_groups) == 5


@pytest.mark.parametrize(
    ("change", "key", "fix"),
    [
        (('timezone = "Asia/Ho_Chi_Minh"', 'timezone = "Asia/Hanoi_City"'), "office.timezone", "Asia/Ho_Chi_Minh"),
        (('label = "B###"', 'label = "b-##"'), "services[1].label", "A###"),
        (('label = "B###"', 'label = "A###"'), "services.label", "its own label"),
        (('services = ["C", "E"]', 'services = ["C", "X"]'), "counters[2].services", "A, B, C, D, E, F"),
        (('strategy = "strict"', 'strategy = "fair"'), "priority.strategy", '"interleave"'),
        (("mean_service_min = 9", "mean_service_min = -9"), "services[0].mean_service_min", "mean_service_min ="),
        (("port = 8000", "port = 80000"), "server.port", "65535"),
        (("number = 4", "number = 3"), "counters.number", "1, 2, 3"),
        (('"Not satisfied"\nnegative = true', '"Not satisfied"'), "rating.levels", "negative = true"),
        (("value = 2", "value = 3"), "rating.levels.value", "its own value"),
    ],
)
def test_mistakes_are_explained(tmp_path: Path, change: tuple[str, str], key: str, fix: str) -> None:
    path = write(tmp_path, SAMPLE.replace(*change, 1))
    with pytest.raises(ConfigError) as error:
        load_config(path)
    message = str(error.value)
    assert message.startswith(f"{path}: {key}: ")
    assert "Fix:" in message and fix in message


def test_missing_file_says_run_init(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="onestop init"):
        load_config(tmp_path / "office.toml")


def test_broken_toml_points_at_the_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"not valid TOML.*line 3"):
        load_config(write(tmp_path, '[office]\nname = "x"\nport = = 3\n'))


FIVE_LEVELS = """
[rating]
[[rating.levels]]
value = 5
label_vi = "Rất hài lòng"
label_en = "Very satisfied"
[[rating.levels]]
value = 3
label_vi = "Bình thường"
label_en = "Neutral"
[[rating.levels]]
value = 4
label_vi = "Hài lòng"
label_en = "Satisfied"
[[rating.levels]]
value = 1
label_vi = "Rất không hài lòng"
label_en = "Very dissatisfied"
negative = true
[[rating.levels]]
value = 2
label_vi = "Không hài lòng"
label_en = "Dissatisfied"
negative = true
"""


def test_five_level_scale_sorted_best_first(tmp_path: Path) -> None:
    text = SAMPLE[: SAMPLE.index("[rating]")] + FIVE_LEVELS
    scale = load_config(write(tmp_path, text)).office.rating
    assert [lv.label_vi for lv in scale.levels] == [
        "Rất hài lòng",
        "Hài lòng",
        "Bình thường",
        "Không hài lòng",
        "Rất không hài lòng",
    ]
    assert scale.negative_values == {1, 2}
    assert len(scale.reasons) == 5  # the default reasons when none are configured


@pytest.mark.parametrize(("first", "second"), [("1###", "11##"), ("###", "1###"), ("A##", "A###")])
def test_labels_that_could_collide_are_refused(tmp_path: Path, first: str, second: str) -> None:
    text = SAMPLE.replace('label = "A###"', f'label = "{first}"').replace('label = "B###"', f'label = "{second}"')
    with pytest.raises(ConfigError, match="can print the same number"):
        load_config(write(tmp_path, text))
