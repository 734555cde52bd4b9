"""opctl: lint, compile and submit Onepanel workflow templates as native Argo Workflows."""

__version__ = "0.1.0"
