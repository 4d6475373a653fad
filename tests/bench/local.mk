# tests/bench/local.mk - placeholder until written
