from cocreate.cli import main

raise SystemExit(main())
