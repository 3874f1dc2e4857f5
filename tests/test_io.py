import pandas as pd
import pytest

from analysis._io import atomic_path, read_table, write_table


def test_atomic_path_leaves_target_untouched_on_error(tmp_path):
    target = tmp_path / "x.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("boom")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.txt"]


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_write_table_round_trip(tmp_path, suffix):
    frame = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    path = write_table(frame, tmp_path / f"t{suffix}", index=False)
    pd.testing.assert_frame_equal(read_table(path), frame, check_dtype=False)


def test_write_table_rejects_unknown_suffix(tmp_path):
    with pytest.raises(ValueError, match=r"\.parquet or \.csv"):
        write_table(pd.DataFrame({"a": [1]}), tmp_path / "t.xlsx")
