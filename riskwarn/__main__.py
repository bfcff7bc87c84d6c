"""``python -m riskwarn`` runs the command line."""

from riskwarn.cli import main

main()
