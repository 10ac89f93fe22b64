from mockelb.cli import main

raise SystemExit(main())
