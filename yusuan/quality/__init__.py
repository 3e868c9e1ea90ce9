"""Data quality: the rule catalog (schemas/rules.yaml), the checks that compute each identity
as a frame of instances, Great Expectations judging them in one batch, quarantine, reports."""
