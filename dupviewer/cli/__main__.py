import sys

from dupviewer.cli import main

sys.exit(main())
