"""``python -m spf_desktop`` runs the same command line as ``spf-desktop``."""

from spf_desktop.launch import main

if __name__ == "__main__":
    main()
