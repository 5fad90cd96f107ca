import pytest

from ingest.arxiv_ids import normalise_arxiv_id


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("1409.0473", "1409.0473"),
        ("0704.0001", "0704.0001"),
        ("1912.13503", "1912.13503"),
        ("cs/9901001", "cs/9901001"),
        ("math.GT/0309136", "math.GT/0309136"),
        ("arXiv:1409.0473v3", "1409.0473"),
        ("1706.03762v5", "1706.03762"),
    ],
)
def test_it_accepts_valid_ids(raw, expected):
    assert normalise_arxiv_id(raw) == (expected, False)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("704.005", "0704.0050"),
        (704.005, "0704.0050"),
        ("1912.1350300000001", "1912.13503"),
        ("1501.0001", "1501.00010"),
        ("1409.047", "1409.0470"),
        ("1503.0289999999999", "1503.02900"),
        ("906.1", "0906.1000"),
    ],
)
def test_it_repairs_float_mangled_ids(raw, expected):
    assert normalise_arxiv_id(raw) == (expected, True)


@pytest.mark.parametrize(
    "raw", [None, "", "hello", "1413.0001", "0613.12345", "1409.04731234567x", "12.5", "cs/99"]
)
def test_it_rejects_what_is_not_an_arxiv_id(raw):
    with pytest.raises(ValueError):
        normalise_arxiv_id(raw)
