def add(a, b):
    return a + b


def test_adds():
    assert add(2, 2) == 4


def test_adds_wrongly():
    assert add(2, 2) == 5
