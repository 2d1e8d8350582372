"""`python -m swcli` runs the command line."""
from .cli import main

main()
