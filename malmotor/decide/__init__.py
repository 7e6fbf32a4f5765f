"""Deciding: the inputs of every key, one durable fact each, the generic rules firing, and the
plain-Python reference evaluator of the same semantics."""
