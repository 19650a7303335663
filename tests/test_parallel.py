"""Workers, shards and merged reports: the same report as a serial run, whoever ran what."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mfaspec.partition import PartitionError, Shard, every_planned, partition
from mfaspec.profile.loader import load_profile
from mfaspec.report.load import ReportError
from mfaspec.report.merge import merge_reports
from mfaspec.spec import reference_profile
from mfaspec.workers import unshareable, worker_count
from tests.test_cli import ROOT, every_scenario, mfaspec, report

TIMING = ("started_at", "finished_at", "duration_s", "scenario_time_s")


def content(run: dict[str, Any]) -> dict[str, Any]:
    """Return a report without what differs between any two runs: times and made-up addresses."""
    run = json.loads(json.dumps(run))
    for key in TIMING:
        run["run"].pop(key)
    for scenario in run["scenarios"]:
        scenario.pop("duration_s")
        scenario["people"] = [person["label"] for person in scenario["people"]]
        for step in scenario["steps"]:
            step.pop("duration_s")
    return run


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The report of a serial in-process run of every scenario."""
    directory = tmp_path_factory.mktemp("serial")
    result = mfaspec("run", "--in-process", "--report-dir", str(directory))
    assert result.returncode == 0, result.stderr[-2000:]
    return report(directory)


def test_the_plan_lists_every_scenario_once_in_serial_order() -> None:
    planned = every_planned()
    assert len(planned) == len(every_scenario())
    assert len({p.id for p in planned}) == len({p.location for p in planned}) == len(planned)


@pytest.mark.parametrize("parts", [1, 2, 3, 7])
def test_a_partition_covers_every_scenario_exactly_once_and_is_deterministic(parts: int) -> None:
    planned = every_planned()
    split = partition(planned, parts)
    assert sorted(p.id for part in split for p in part) == sorted(p.id for p in planned)
    assert split == partition(list(planned), parts)
    for part in split:  # each part in the serial order
        assert part == [p for p in planned if p in part]


def test_durations_balance_the_parts() -> None:
    planned = every_planned()
    durations = {p.id: 5.0 if n < 4 else 0.1 for n, p in enumerate(planned)}  # four slow ones
    split = partition(planned, 4, durations)
    loads = [sum(durations[p.id] for p in part) for part in split]
    assert max(loads) - min(loads) <= 0.2, loads  # each part has one slow scenario
    assert partition(planned, 4) != split  # without durations, steps decide: another split


def test_a_scenario_unknown_to_the_durations_is_priced_by_its_steps() -> None:
    planned = every_planned()[:3]
    durations = {planned[0].id: 2.0 * planned[0].steps}
    split = partition(planned, 3, durations)
    assert [len(part) for part in split] == [1, 1, 1]


@pytest.mark.parametrize("text", ["0/2", "3/2", "1", "a/b", "1/0"])
def test_a_bad_shard_is_refused(text: str) -> None:
    with pytest.raises(PartitionError):
        Shard.parse(text)


def test_two_workers_write_the_serial_report(serial: dict[str, Any], tmp_path: Path) -> None:
    result = mfaspec("run", "--in-process", "--workers", "2", "--report-dir", str(tmp_path))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert content(report(tmp_path)) == content(serial)
    assert not (tmp_path / ".parts").exists()  # the workers' own reports are gone


def test_which_worker_runs_what_changes_nothing(serial: dict[str, Any], tmp_path: Path) -> None:
    """Durations that reverse the split send every scenario to another worker and order."""
    durations = tmp_path / "old.json"
    reversed_times = [
        {"id": s["id"], "duration_s": float(n)} for n, s in enumerate(serial["scenarios"])
    ]
    durations.write_text(json.dumps({"scenarios": reversed_times}), encoding="utf-8")
    out = tmp_path / "out"
    result = mfaspec(
        "run", "--in-process", "--workers", "3", "--durations", str(durations),
        "--report-dir", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert content(report(out)) == content(serial)


def test_shards_cover_the_run_and_merge_into_the_serial_report(
    serial: dict[str, Any], tmp_path: Path
) -> None:
    shards = []
    for index in (1, 2, 3):
        shard = tmp_path / f"shard-{index}"
        result = mfaspec("run", "--in-process", "--shard", f"{index}/3", "--report-dir", str(shard))
        assert result.returncode == 0, result.stderr[-2000:]
        shards.append(shard)
    ids = [s["id"] for shard in shards for s in report(shard)["scenarios"]]
    assert sorted(ids) == sorted(s["id"] for s in serial["scenarios"])  # each exactly once
    merged = tmp_path / "merged"
    result = mfaspec("report", "merge", *map(str, shards), "--report-dir", str(merged))
    assert result.returncode == 0, result.stdout + result.stderr
    assert content(report(merged)) == content(serial)
    assert (merged / "conformance.html").is_file() and (merged / "junit.xml").is_file()


def test_a_shard_and_workers_together(serial: dict[str, Any], tmp_path: Path) -> None:
    result = mfaspec(
        "run", "--in-process", "--shard", "1/2", "--workers", "2", "--report-dir", str(tmp_path)
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    ids = [s["id"] for s in report(tmp_path)["scenarios"]]
    assert 0 < len(ids) < len(serial["scenarios"])
    assert ids == [s["id"] for s in serial["scenarios"] if s["id"] in ids]  # serial order


def test_merging_a_report_twice_is_refused_and_writes_nothing(
    serial: dict[str, Any], tmp_path: Path
) -> None:
    part = tmp_path / "part"
    part.mkdir()
    (part / "conformance.json").write_text(json.dumps(serial), encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(ReportError, match="is in more than one report"):
        merge_reports([part, part], out)
    assert not out.exists()
    result = mfaspec("report", "merge", str(part), str(part), "--report-dir", str(out))
    assert result.returncode == 2
    assert result.stderr.startswith("mfaspec: the scenario ")


def test_merging_something_else_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "conformance.json").write_text('{"schema": "other"}', encoding="utf-8")
    result = mfaspec("report", "merge", str(tmp_path), "--report-dir", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.splitlines()[0].endswith("not an mfaspec conformance report")


def test_an_empty_shard_ran_nothing(tmp_path: Path) -> None:
    result = mfaspec(
        "run", "--in-process", "-k", "^A wrong code is refused$", "--shard", "2/2",
        "--report-dir", str(tmp_path),
    )  # fmt: skip
    assert result.returncode == 5
    assert result.stdout.startswith("mfaspec: shard 2/2 has no scenario")


def fixed_sink_port(tmp_path: Path) -> Path:
    """Write the reference profile with its mail sink on a fixed port."""
    text = reference_profile().read_text(encoding="utf-8")
    fixed = text.replace("[mail.subjects]", "[mail.smtp_sink]\nport = 8432\n\n[mail.subjects]")
    (tmp_path / "fixed.toml").write_text(fixed, encoding="utf-8")
    return tmp_path / "fixed.toml"


@pytest.mark.parametrize(
    ("profile", "reason"),
    [("allauth-mfa.toml", "lists its accounts"), ("", "fixed port 8432")],
)
def test_a_target_workers_would_share_runs_in_one_worker(
    profile: str, reason: str, tmp_path: Path
) -> None:
    path = ROOT / "fixtures" / "targets" / profile if profile else fixed_sink_port(tmp_path)
    unshared = unshareable(load_profile(path))

    assert unshared is not None and reason in unshared
    assert worker_count("auto", 97, unshared) == 1
    with pytest.raises(ValueError, match=r"^--workers 2: .*run it with one worker$"):
        worker_count("2", 97, unshared)


def test_the_reference_profile_can_be_shared_by_workers() -> None:
    assert unshareable(load_profile(reference_profile())) is None
    assert worker_count("2", 97, None) == 2
