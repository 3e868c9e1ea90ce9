"""The Dagster layer's assembly: Definitions, jobs, resources. Assets live in assets/."""
