#!/usr/bin/env python
from latu.cli import main

if __name__ == "__main__":
    main()
