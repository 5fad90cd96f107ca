"""core.responses.encode_json: orjson, reading as json.dumps with Django's encoder did for
everything the endpoints answer with (the cached bodies of core.views.api_view). The bytes
differ in two ways only, both read back as the same values: text beyond printable ASCII is
written as UTF-8 ("Universität"), not as \\u escapes (JSON is UTF-8 by definition, RFC
8259), and a tiny float's exponent has no leading zero ("6e-8", not "6e-08")."""

import json
import math
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from hypothesis import given
from hypothesis import strategies as st

from core.responses import encode_json


def django_json(data: object) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, separators=(",", ":")).encode()


def test_values_beyond_json_read_as_djangos_encoder_wrote_them():
    data = {
        "as_of": date(2017, 3, 1),
        "computed": datetime(2026, 12, 7, 13, 5, 9, 123456, tzinfo=UTC),
        "naive": datetime(2026, 12, 7, 13, 5, 9),
        "took": timedelta(seconds=90),
        "share": Decimal("0.125"),
        "id": uuid.UUID(int=7),
        2017: "int keys become strings",
        "nested": [{"fraction": 0.0044, "low": None, "flag": True}],
    }
    encoded = encode_json(data)
    assert encoded == django_json(data)
    assert b'"computed":"2026-12-07T13:05:09.123Z"' in encoded
    assert json.loads(encoded)["2017"] == "int keys become strings"


# Series values: fractions, counts, labels and gaps, as fraction_series.as_json gives them.
cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**53), max_value=2**53),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
)
payloads = st.recursive(
    cells,
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=40,
)


@given(payloads)
def test_any_payload_reads_back_as_djangos_encoding_does(data):
    assert json.loads(encode_json(data)) == json.loads(django_json(data))


def test_a_value_json_cannot_hold_is_null_not_nan():
    """json.dumps wrote NaN, which no JSON parser reads; orjson writes null."""
    assert encode_json({"fraction": math.nan}) == b'{"fraction":null}'
