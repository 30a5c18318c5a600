from corpus_builder.cli import main

main()
