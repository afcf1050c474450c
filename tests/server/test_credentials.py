from server.credentials import hash_pin, new_token, verify_pin


def test_tokens_never_look_like_command_line_options() -> None:
    tokens = [new_token() for _ in range(3000)]  # ~47 would start with "-" if nothing prevented it
    assert not [t for t in tokens if t.startswith("-")]
    assert len(set(tokens)) == len(tokens) and all(len(t) == 32 for t in tokens)


def test_pins_are_salted_and_checked() -> None:
    first, second = hash_pin("1234"), hash_pin("1234")
    assert first != second
    assert verify_pin("1234", first) and not verify_pin("1235", first) and not verify_pin("1234", "garbage")
