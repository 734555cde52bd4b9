"""``python -m opctl``: the same command line as the ``opctl`` script."""

from opctl.cli import main

if __name__ == "__main__":
    main()
