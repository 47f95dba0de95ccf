from blueprint.cli.main import main

main()
