"""Keys and groups: equal when their fields are, with a hash kept once (model/keys.py)."""

from __future__ import annotations

import copy
import pickle

from malmotor.model.keys import Group, Key
from malmotor.model.period import Period


def test_a_key_hashes_once_and_its_copies_and_pickles_compute_their_own():
    women = Group(dimension="kön", name="kvinnor")
    key = Key(indicator="sjuk", group=women, org_unit="Nord")
    same = Key(indicator="sjuk", group=Group(dimension="kön", name="kvinnor"), org_unit="Nord")
    assert hash(key) == hash(same) and key == same and {key: 1}[same] == 1
    assert key._hash == hash(key)
    other = key.model_copy(update={"org_unit": None})  # the cached hash is not copied with other fields
    assert hash(other) == hash(Key(indicator="sjuk", group=women)) and other != key
    assert not hasattr(pickle.loads(pickle.dumps(key)), "_hash")  # another process has another hash seed
    assert pickle.loads(pickle.dumps(key)) == key and copy.deepcopy(key) == key
    assert key.model_dump() == {"indicator": "sjuk", "group": {"dimension": "kön", "name": "kvinnor"},
                                "org_unit": "Nord"}


def test_a_period_hashes_as_its_kind_year_and_number():
    assert hash(Period.parse("T2 2019")) == hash(Period.parse("tertial 2 2019"))
    assert len({Period.parse("2018"), Period.parse("2018"), Period.parse("T1 2018")}) == 2
    assert pickle.loads(pickle.dumps(Period.parse("T2 2019"))) == Period.parse("T2 2019")
