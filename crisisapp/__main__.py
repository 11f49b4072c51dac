from crisisapp.app import main

raise SystemExit(main())
