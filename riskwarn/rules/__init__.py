"""The rule language: rulesets, conditions, durations."""
