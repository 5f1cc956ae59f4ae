"""A distributed build: the analysis on a Dask LocalCluster, byte-identical to a local one."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.cluster import ClusterError, check_workers, dask_executor
from kg.pipeline import code_fingerprint

DOCS = {
    "a.txt": "截至2024年末，本行手机银行客户数达到5.2亿户，比上年末增加3,000万户。\n"
    "本行推出「工银e生活」平台，网络金融部负责该平台的运营。\n",
    "b.txt": "2024年，本行持续推进「第一个人金融银行」战略。\n"
    "截至2024年末，本行信用卡发卡量达到1.6亿张，同比增长5.2%。\n",
    "c.txt": "截至2020年6月末，本行個人客戶數達到6.8億戶。\n"
    "本行推出「融e借」產品，個人金融業務部負責該產品。\n",
    "d.txt": "2025年上半年，本行普惠贷款余额达到2.1万亿元，较年初增长12.3%。\n",
}


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for name, text in DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.slow
def test_dask_build_is_byte_identical_to_a_local_build(tmp_path):
    from distributed import LocalCluster

    corpus = _corpus(tmp_path / "docs")
    runner = CliRunner()
    local = runner.invoke(
        main,
        [
            "build",
            "--input",
            str(corpus),
            "--out",
            str(tmp_path / "local"),
            "--workers",
            "1",
            "--no-cache",
            "--no-validate",
        ],
    )
    assert local.exit_code == 0, local.output
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        assert len(cluster.workers) == 2
        distributed = runner.invoke(
            main,
            [
                "build",
                "--input",
                str(corpus),
                "--out",
                str(tmp_path / "dask"),
                "--dask-scheduler",
                cluster.scheduler_address,
                "--no-cache",
                "--no-validate",
            ],
        )
        assert distributed.exit_code == 0, distributed.output
        # every document was analysed by a worker, none on the client
        prefix = cluster.scheduler.task_prefixes["analyse_document"]
        assert prefix.state_counts["memory"] == len(DOCS)  # each result came back once
    for name in ("graph.ttl", "candidates.csv"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()
    assert "documents     4" in distributed.stdout


class _FakeClient:
    """Stands in for distributed.Client.run: each worker's answer to a function."""

    def __init__(self, answers: dict[str, str]) -> None:
        self.answers = answers

    def run(self, fn):
        assert fn is code_fingerprint
        return self.answers


def test_workers_must_run_the_same_code():
    ours = code_fingerprint()
    assert check_workers(_FakeClient({"tcp://w1": ours, "tcp://w2": ours})) == 2
    with pytest.raises(ClusterError, match="1 of 2 Dask workers run other kg code"):
        check_workers(_FakeClient({"tcp://w1": ours, "tcp://w2": "0" * 64}))
    with pytest.raises(ClusterError, match="no workers"):
        check_workers(_FakeClient({}))


def test_unreachable_scheduler_is_a_clear_error():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with (
        pytest.raises(ClusterError, match="cannot reach the Dask scheduler"),
        dask_executor(f"tcp://127.0.0.1:{port}", timeout=2),
    ):
        pass
