from sqs_cli.cli import main

main()
