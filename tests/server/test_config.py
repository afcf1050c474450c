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


def test_opening_hours_of_the_sample_office(tmp_path: Path) -> None:
    hours = load_config(write(tmp_path, SAMPLE)).office.hours
    assert [str(s) for s in hours.week[0]] == ["07:30–11:30", "13:30–17:00"]
    assert hours.week[4] == hours.week[0] and hours.week[5] == hours.week[6] == ()
    assert hours.timezone == "Asia/Ho_Chi_Minh" and hours.counters == {}


def test_no_hours_table_means_the_usual_hours(tmp_path: Path) -> None:
    start, end = SAMPLE.index("[hours]"), SAMPLE.index("[priority]")
    hours = load_config(write(tmp_path, SAMPLE[:start] + SAMPLE[end:])).office.hours
    assert [str(s) for s in hours.week[2]] == ["07:30–11:30", "13:30–17:00"]


LUNCH_DUTY = """
saturday = ["07:30-11:30"]
friday = []

[[hours.counters]]
numbers = [3, 4]
weekdays = ["07:30-17:00"]
sunday = ["08:00-10:00"]
"""


def test_days_of_their_own_and_counters_on_lunch_duty(tmp_path: Path) -> None:
    text = SAMPLE.replace('# Monday to Friday\n', "\n" + LUNCH_DUTY, 1)
    hours = load_config(write(tmp_path, text)).office.hours
    assert [str(s) for s in hours.week[5]] == ["07:30–11:30"]
    assert hours.week[4] == ()  # closed on Fridays
    duty = hours.counters[3]
    assert [str(s) for s in duty[0]] == ["07:30–17:00"] and duty == hours.counters[4]
    assert duty[5] == hours.week[5]  # a day the block does not give is the office's
    assert [str(s) for s in duty[6]] == ["08:00–10:00"]
    assert 1 not in hours.counters


@pytest.mark.parametrize(
    ("change", "key", "fix"),
    [
        ('weekdays = ["13:30-17:00", "07:30-11:30"]', "hours.weekdays", "in order"),
        ('weekdays = ["07:30-11:30", "11:00-17:00"]', "hours.weekdays", "in order"),
        ('weekdays = "07:30-11:30"', "hours.weekdays", "weekdays = ["),
        ('weekdays = ["7h30-11h30"]', "hours.weekdays", '"07:30-11:30"'),
        ('weekdays = ["07:30-25:00"]', "hours.weekdays", '"HH:MM-HH:MM"'),
        ('weekdays = ["07:30-11:30"]\n[[hours.counters]]\nnumbers = [9]', "hours.counters[0].numbers", "1, 2, 3, 4"),
        (
            'weekdays = ["07:30-11:30"]\n[[hours.counters]]\nnumbers = [1]\n[[hours.counters]]\nnumbers = [1, 2]',
            "hours.counters.numbers",
            "one block",
        ),
    ],
)
def test_hours_mistakes_are_explained(tmp_path: Path, change: str, key: str, fix: str) -> None:
    text = SAMPLE.replace('weekdays = ["07:30-11:30", "13:30-17:00"]', change, 1)
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    message = str(error.value)
    assert message.startswith(f"{path}: {key}: "), message
    assert "Fix:" in message and fix in message, message
