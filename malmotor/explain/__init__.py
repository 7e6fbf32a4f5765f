"""Explaining: verdicts in words (Swedish or English), with the legend's symbols and colours."""
